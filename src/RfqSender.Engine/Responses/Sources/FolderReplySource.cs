using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Responses.Sources;

/// <summary>
/// A folder of <c>.eml</c> files (saved messages, a mail client's export, a pickup folder): the
/// embedded source, so reading replies needs no mail server. Files are read in name order; each is
/// known by its path relative to the folder, and one the store recorded is not read again. Nothing
/// is ever deleted, moved or changed.
/// </summary>
public sealed class FolderReplySource : IReplySource
{
    private const int Batch = 500;

    /// <summary>A source over the folder at <paramref name="path"/>; with <paramref name="recursive"/> its subfolders too.</summary>
    public FolderReplySource(string path, bool recursive = false)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The folder of .eml files is required.", nameof(path));
        }

        // One folder has one name, however it was written: the store knows what it read by that name.
        var full = System.IO.Path.GetFullPath(path);
        var root = System.IO.Path.GetPathRoot(full) ?? string.Empty;
        FullPath = full.Length > root.Length ? full.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar) : full;
        Recursive = recursive;
    }

    /// <summary>The folder's full path.</summary>
    public string FullPath { get; }

    /// <summary>True when subfolders are read too.</summary>
    public bool Recursive { get; }

    /// <inheritdoc />
    public string Name => "folder:" + FullPath;

    /// <inheritdoc />
    public string Description => FullPath;

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceMessage> ReadAsync(IInboundStore store, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (store is null)
        {
            throw new ArgumentNullException(nameof(store));
        }

        if (!Directory.Exists(FullPath))
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The folder of replies '{FullPath}' does not exist. Name a folder of .eml files (saved messages) to read.");
        }

        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(FullPath, "*.eml", Recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                .Select(RelativeId)
                .OrderBy(id => id, StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The folder of replies '{FullPath}' cannot be listed: {ex.Message}", ex);
        }

        for (var start = 0; start < files.Count; start += Batch)
        {
            var batch = files.Skip(start).Take(Batch).ToList();
            var recorded = await store.GetRecordedSourceIdsAsync(Name, batch, cancellationToken).ConfigureAwait(false);
            foreach (var id in batch.Where(id => !recorded.Contains(id)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                byte[] content;
                try
                {
                    content = File.ReadAllBytes(System.IO.Path.Combine(FullPath, id.Replace('/', System.IO.Path.DirectorySeparatorChar)));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A file removed or still being written since it was listed: it is read on the next run.
                    _ = ex;
                    continue;
                }

                yield return new SourceMessage(id, string.Empty, content);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>A folder source never moves or deletes a file.</remarks>
    public Task CompleteAsync(SourceMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => default;

    private string RelativeId(string file)
    {
        var relative = file.Substring(FullPath.Length).TrimStart(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
        return relative.Replace('\\', '/');
    }
}
