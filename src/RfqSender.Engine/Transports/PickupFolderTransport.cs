using System.Text;
using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Transports;

/// <summary>
/// Writes each message as an <c>.eml</c> file into a folder: the default transport, so a first run
/// needs no mail server and every message opens in any mail client. The file name is derived from
/// the RFQ number and the vendor, so a re-send replaces the file rather than adding a second one.
/// Files appear whole: each is written under a temporary name and renamed when complete.
/// As drafts (<see cref="Drafts"/>) each file carries <c>X-Unsent: 1</c>, so Outlook opens it as an
/// unsent message to review and send by hand.
/// </summary>
public sealed class PickupFolderTransport : IMessageTransport, IReportsContentStart
{
    // What no file system accepts in a name: this platform's list plus Windows' (files are copied across).
    private static readonly HashSet<char> Unsafe = new(Path.GetInvalidFileNameChars().Concat("\"*:<>?\\|/"));

    private readonly MimeMessageWriter _writer;

    /// <summary>Creates the transport; the folder is created when missing.</summary>
    public PickupFolderTransport(string folder, MimeMessageWriter? writer = null)
        : this(folder, writer, drafts: false)
    {
    }

    /// <summary>Creates the transport, writing drafts (<c>X-Unsent: 1</c>) when <paramref name="drafts"/> is true.</summary>
    public PickupFolderTransport(string folder, bool drafts)
        : this(folder, null, drafts)
    {
    }

    private PickupFolderTransport(string folder, MimeMessageWriter? writer, bool drafts)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new ArgumentException("A pickup folder path is required.", nameof(folder));
        }

        Folder = Path.GetFullPath(folder);
        _writer = writer ?? new MimeMessageWriter(new MimeWriterOptions { Unsent = drafts });
        Drafts = _writer.Options.Unsent;
    }

    /// <summary>The full path of the folder.</summary>
    public string Folder { get; }

    /// <summary>True when the files are drafts (<c>X-Unsent: 1</c>) for a person to review and send.</summary>
    public bool Drafts { get; }

    /// <inheritdoc />
    public string Description => Drafts ? $"pickup folder {Folder} (drafts, X-Unsent: 1)" : $"pickup folder {Folder}";

    /// <summary>The file a message is written to.</summary>
    public string PathFor(OutgoingMessage message) => Path.Combine(Folder, FileNameFor(message));

    /// <inheritdoc />
    public async Task<TransportOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (message.Bcc.Count > 0)
        {
            // An .eml file shows what vendors see: a Bcc in it would either be lost or be shown.
            throw new RfqSenderException(
                FailureKind.Transport,
                $"The pickup folder cannot carry Bcc recipients ({string.Join(", ", message.Bcc.Select(b => b.Address))}): a file holds what the vendor sees. "
                + "Use -Cc (--cc) for an archive copy in the pickup folder, or send over SMTP or Graph.");
        }

        var path = PathFor(message);
        var temporary = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
        try
        {
            Directory.CreateDirectory(Folder);
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await _writer.WriteAsync(message, file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (message.ContentStarting is { } starting)
            {
                await starting().ConfigureAwait(false);
            }

            // Never over an existing file: two vendors whose names clean up alike, or a message sent
            // again, each keep a file of their own.
            for (var copy = 2; ; copy++)
            {
                try
                {
                    File.Move(temporary, path);
                    return TransportOutcome.Sent(path);
                }
                catch (IOException) when (File.Exists(path) && copy < 10000)
                {
                    path = Path.Combine(Folder, Path.GetFileNameWithoutExtension(PathFor(message)) + $" ({copy.ToString(System.Globalization.CultureInfo.InvariantCulture)}).eml");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return new TransportOutcome(TransportOutcomeKind.Transient, $"cannot write '{path}': {ex.Message}");
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => default;

    private static string FileNameFor(OutgoingMessage message)
    {
        // The key part (" [vendor key]") is what makes the name unique: it is kept whole and only
        // the descriptive part before it is shortened.
        var label = message.Label ?? message.MessageId;
        var keyPart = string.Empty;
        var open = label.LastIndexOf(" [", StringComparison.Ordinal);
        if (open > 0 && label.EndsWith("]", StringComparison.Ordinal))
        {
            keyPart = Clean(label.Substring(open));
            label = label.Substring(0, open);
            if (keyPart.Length > 100)
            {
                keyPart = " [" + keyPart.Substring(2, 60) + "~" + ShortHash(keyPart) + "]";
            }
        }

        var text = Clean(label).Trim().TrimEnd('.');
        var room = 150 - keyPart.Length;
        if (text.Length > room)
        {
            text = text.Substring(0, room).TrimEnd().TrimEnd('.');
        }

        return text + keyPart + ".eml";
    }

    private static string Clean(string text)
    {
        var name = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            name.Append(char.IsControl(c) || Unsafe.Contains(c) ? '_' : c);
        }

        return name.ToString();
    }

    private static string ShortHash(string text)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        return BitConverter.ToString(hash, 0, 6).Replace("-", string.Empty).ToLowerInvariant();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
