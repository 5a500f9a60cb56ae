namespace RfqSender.Engine.Rfqs;

/// <summary>A file sent with every message of an RFQ.</summary>
public sealed class RfqAttachment
{
    /// <summary>Creates an attachment reference.</summary>
    /// <param name="path">Full path of the file.</param>
    /// <param name="fileName">Name shown to the vendor; defaults to the file's own name.</param>
    public RfqAttachment(string path, string? fileName = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("An attachment path must not be empty.", nameof(path));
        }

        Path = path;
        FileName = string.IsNullOrWhiteSpace(fileName) ? System.IO.Path.GetFileName(path) : fileName!;
    }

    /// <summary>Full path of the file on disk.</summary>
    public string Path { get; }

    /// <summary>File name shown to the vendor.</summary>
    public string FileName { get; }
}
