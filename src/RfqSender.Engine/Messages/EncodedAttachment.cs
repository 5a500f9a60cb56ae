namespace RfqSender.Engine.Messages;

/// <summary>
/// An attachment encoded once (MIME part headers and base64 body) and written into every message
/// of a send that carries it. SKELETON: owned and completed by the MIME work.
/// </summary>
public sealed class EncodedAttachment
{
    private readonly byte[] _part;

    private EncodedAttachment(string fileName, string contentType, long length, byte[] part)
    {
        FileName = fileName;
        ContentType = contentType;
        Length = length;
        _part = part;
    }

    /// <summary>The file name the recipient sees.</summary>
    public string FileName { get; }

    /// <summary>The media type, e.g. <c>application/pdf</c>.</summary>
    public string ContentType { get; }

    /// <summary>Size of the original content in bytes.</summary>
    public long Length { get; }

    /// <summary>Size of the encoded MIME part in bytes.</summary>
    public long EncodedLength => _part.Length;

    /// <summary>Encodes a file.</summary>
    public static EncodedAttachment FromFile(string path, string? fileName = null, string? contentType = null) =>
        FromBytes(File.ReadAllBytes(path), fileName ?? Path.GetFileName(path), contentType);

    /// <summary>Encodes bytes.</summary>
    public static EncodedAttachment FromBytes(byte[] content, string fileName, string? contentType = null)
    {
        var type = contentType ?? "application/octet-stream";
        var header = $"Content-Type: {type}\r\nContent-Disposition: attachment; filename=\"{fileName}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        var body = Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks) + "\r\n";
        return new EncodedAttachment(fileName, type, content.Length, System.Text.Encoding.ASCII.GetBytes(header + body));
    }

    /// <summary>Writes the part (headers, blank line, body) without the boundary line.</summary>
    public void WriteTo(Stream output) => output.Write(_part, 0, _part.Length);

    /// <summary>Writes the part (headers, blank line, body) without the boundary line.</summary>
    public Task WriteToAsync(Stream output, CancellationToken cancellationToken) =>
        output.WriteAsync(_part, 0, _part.Length, cancellationToken);
}
