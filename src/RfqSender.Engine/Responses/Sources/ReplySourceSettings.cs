namespace RfqSender.Engine.Responses.Sources;

/// <summary>The source a read of replies uses, as a front end describes it; <see cref="ReplySourceFactory"/> opens it.</summary>
public sealed class ReplySourceSettings
{
    /// <summary>The kind of source.</summary>
    public ReplySourceKind Kind { get; set; } = ReplySourceKind.Folder;

    /// <summary>For a folder source, the folder of <c>.eml</c> files.</summary>
    public string? Path { get; set; }

    /// <summary>For a folder source, read its subfolders too.</summary>
    public bool Recursive { get; set; }

    /// <summary>A folder source over <paramref name="path"/>.</summary>
    public static ReplySourceSettings Folder(string path, bool recursive = false) => new() { Kind = ReplySourceKind.Folder, Path = path, Recursive = recursive };

    /// <inheritdoc />
    public override string ToString() => Kind == ReplySourceKind.Folder ? "folder " + Path : Kind.ToString();
}
