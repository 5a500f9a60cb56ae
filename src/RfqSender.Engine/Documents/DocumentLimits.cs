using System.Globalization;

namespace RfqSender.Engine.Documents;

/// <summary>
/// Limits on a YAML or JSON document that is read whole (a vendor list, an RFQ, settings), so that
/// a hostile file (an alias bomb, a list nested thousands of levels deep, a huge file) is refused
/// with an error naming the file and line instead of exhausting memory or the stack.
/// </summary>
/// <remarks>
/// The defaults are far above what real files need: a YAML or JSON list of 100,000 vendors with
/// ten fields each is about 15 MB, 2.1 million nodes and 5 levels deep, and uses no aliases or a
/// few small ones. A CSV vendor file is streamed and has no size limit.
/// </remarks>
internal sealed class DocumentLimits
{
    /// <summary>128 MiB: the largest document read whole.</summary>
    public const long DefaultMaxBytes = 128L * 1024 * 1024;

    /// <summary>Lists and maps inside each other; System.Text.Json's default depth, too.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Values, lists and maps (map keys included), aliases expanded: 100 for each of 100,000 vendors.</summary>
    public const long DefaultMaxNodes = 10_000_000;

    /// <summary>Nodes that aliases add by repeating what their anchor names: a 10-node anchor used by each of 100,000 vendors.</summary>
    public const long DefaultMaxAliasNodes = 1_000_000;

    public DocumentLimits(long maxBytes = DefaultMaxBytes, int maxDepth = DefaultMaxDepth, long maxNodes = DefaultMaxNodes, long maxAliasNodes = DefaultMaxAliasNodes)
    {
        MaxBytes = maxBytes;
        MaxDepth = maxDepth;
        MaxNodes = maxNodes;
        MaxAliasNodes = maxAliasNodes;
    }

    /// <summary>The limits every reader uses.</summary>
    public static DocumentLimits Default { get; } = new();

    public long MaxBytes { get; }

    public int MaxDepth { get; }

    public long MaxNodes { get; }

    public long MaxAliasNodes { get; }

    /// <summary>Refuses a file larger than <see cref="MaxBytes"/> before it is read; a missing file is left to the reader to report.</summary>
    /// <exception cref="DocumentLimitException">The file is too large.</exception>
    public void CheckFile(string path, string? hint = null)
    {
        var file = new FileInfo(path);
        if (file.Exists)
        {
            CheckSize(file.Length, hint);
        }
    }

    /// <summary>Refuses a document of more than <see cref="MaxBytes"/> bytes (or characters, for text already read).</summary>
    /// <exception cref="DocumentLimitException">The document is too large.</exception>
    public void CheckSize(long size, string? hint = null)
    {
        if (size > MaxBytes)
        {
            throw new DocumentLimitException(null, $"the file is {Megabytes(size)}, larger than a YAML or JSON document may be (limit {Megabytes(MaxBytes)}){hint}");
        }
    }

    /// <summary>A count as written in messages: 1,000,000.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
}
