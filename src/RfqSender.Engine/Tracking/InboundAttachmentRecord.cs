namespace RfqSender.Engine.Tracking;

/// <summary>A file an inbound message carries, as the store records it: its name, type, size, SHA-256 and where it was saved.</summary>
public sealed class InboundAttachmentRecord
{
    /// <summary>The name it was saved under (the declared name made safe for a file system).</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>The media type in lower case.</summary>
    public string ContentType { get; set; } = "application/octet-stream";

    /// <summary>The size of its decoded content in bytes.</summary>
    public long Size { get; set; }

    /// <summary>The SHA-256 of its decoded content, 64 lower-case hex digits.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>The full path it was saved to, or null when it was not saved.</summary>
    public string? SavedPath { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{FileName} ({Size} bytes)";
}
