namespace RfqSender.Engine.Sending;

/// <summary>One attachment of a rendered message: its file name, media type and size.</summary>
public sealed class RfqMessageAttachment
{
    /// <summary>Creates the description of an attachment.</summary>
    public RfqMessageAttachment(string fileName, string contentType, long size)
    {
        FileName = fileName;
        ContentType = contentType;
        Size = size;
    }

    /// <summary>The file name the recipient sees.</summary>
    public string FileName { get; }

    /// <summary>The media type, e.g. <c>application/pdf</c>.</summary>
    public string ContentType { get; }

    /// <summary>The size of the file in bytes (before encoding).</summary>
    public long Size { get; }

    /// <inheritdoc />
    public override string ToString() => $"{FileName} ({Size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} bytes)";
}
