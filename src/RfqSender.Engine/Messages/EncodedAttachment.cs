using System.Globalization;
using System.Text;

namespace RfqSender.Engine.Messages;

/// <summary>
/// An attachment encoded once — MIME part headers and base64 body — and written into every message
/// of a send that carries it, as a plain copy of the encoded bytes. The file name is sent as an
/// RFC 2231 <c>filename</c> parameter (UTF-8, split into sections when long), with a plain ASCII
/// <c>name</c> on Content-Type for readers that do not know RFC 2231. The fallback is not a second
/// <c>filename</c>: RFC 2231 gives no precedence between the two, and parsers disagree (Python's
/// email package takes the first and reports a duplicate-parameter defect).
/// </summary>
public sealed class EncodedAttachment
{
    /// <summary>The longest file name accepted, in characters.</summary>
    public const int MaxFileNameLength = 255;

    private const int ReadChunk = Base64LineEncoder.BytesPerLine * 1024;
    private const int FallbackNameLength = HeaderBuilder.SoftLimit - 1 - 7; // room for name="..."

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

    /// <summary>
    /// Encodes a file, reading it once as a stream; afterwards the file is not needed any more.
    /// The content type defaults to the one of the file's extension, else <c>application/octet-stream</c>.
    /// </summary>
    /// <param name="path">The file to attach.</param>
    /// <param name="fileName">The name the recipient sees; defaults to the file's own name.</param>
    /// <param name="contentType">A media type such as <c>application/pdf</c>, or null to derive it from the name.</param>
    /// <exception cref="RfqSenderException">The file cannot be read, or changed while it was read.</exception>
    /// <exception cref="MimeWriteException">The file name or content type cannot be used.</exception>
    public static EncodedAttachment FromFile(string path, string? fileName = null, string? contentType = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("An attachment path must not be empty.", nameof(path));
        }

        var name = fileName ?? Path.GetFileName(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
            return Encode(stream, stream.Length, name, contentType, $"the attachment file '{path}'");
        }
        catch (IOException ex)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The attachment file '{path}' cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The attachment file '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Encodes bytes.</summary>
    /// <param name="content">The content to attach.</param>
    /// <param name="fileName">The name the recipient sees.</param>
    /// <param name="contentType">A media type such as <c>application/pdf</c>, or null to derive it from the name.</param>
    /// <exception cref="MimeWriteException">The file name or content type cannot be used.</exception>
    public static EncodedAttachment FromBytes(byte[] content, string fileName, string? contentType = null)
    {
        if (content is null)
        {
            throw new ArgumentNullException(nameof(content));
        }

        using var stream = new MemoryStream(content, writable: false);
        return Encode(stream, content.Length, fileName, contentType, $"the attachment '{fileName}'");
    }

    /// <summary>Writes the part (headers, blank line, body) without the boundary line.</summary>
    public void WriteTo(Stream output) => output.Write(_part, 0, _part.Length);

    /// <summary>Writes the part (headers, blank line, body) without the boundary line.</summary>
    public Task WriteToAsync(Stream output, CancellationToken cancellationToken) =>
        output.WriteAsync(_part, 0, _part.Length, cancellationToken);

    /// <summary>
    /// Decodes the original content back out of the encoded part, for transports that send
    /// attachments as raw bytes rather than MIME (Microsoft Graph upload sessions and JSON
    /// attachments). Allocates <see cref="Length"/> bytes on each call.
    /// </summary>
    public byte[] GetContent()
    {
        var start = 0;
        for (var i = 0; i + 3 < _part.Length; i++)
        {
            if (_part[i] == '\r' && _part[i + 1] == '\n' && _part[i + 2] == '\r' && _part[i + 3] == '\n')
            {
                start = i + 4;
                break;
            }
        }

        // Convert.FromBase64String skips the CRLF line breaks of the encoded body.
        return Convert.FromBase64String(Encoding.ASCII.GetString(_part, start, _part.Length - start));
    }

    private static EncodedAttachment Encode(Stream source, long length, string fileName, string? contentType, string description)
    {
        ValidateFileName(fileName);
        var type = NormalizeContentType(contentType, fileName);
        var header = Encoding.ASCII.GetBytes(BuildHeader(fileName, type));
        var total = header.Length + Base64LineEncoder.EncodedLength(length);
        if (total > int.MaxValue - 1024)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"{Capitalize(description)} is too large to attach ({length.ToString(CultureInfo.InvariantCulture)} bytes).");
        }

        var part = new byte[total];
        Buffer.BlockCopy(header, 0, part, 0, header.Length);
        var offset = header.Length;
        var buffer = new byte[ReadChunk];
        var scratch = Base64LineEncoder.CreateScratch();
        long read = 0;
        while (true)
        {
            var filled = Fill(source, buffer);
            if (filled == 0)
            {
                break;
            }

            read += filled;
            if (read > length)
            {
                break;
            }

            offset = Base64LineEncoder.Encode(buffer, 0, filled, part, offset, scratch);
        }

        if (read != length)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"{Capitalize(description)} changed size while it was read ({length.ToString(CultureInfo.InvariantCulture)} bytes expected); attach it again when it is no longer being written.");
        }

        return new EncodedAttachment(fileName, type, length, part);
    }

    private static int Fill(Stream source, byte[] buffer)
    {
        // Every chunk but the last must be whole base64 lines, so keep reading until the buffer is full.
        var filled = 0;
        while (filled < buffer.Length)
        {
            var n = source.Read(buffer, filled, buffer.Length - filled);
            if (n == 0)
            {
                break;
            }

            filled += n;
        }

        return filled;
    }

    private static string BuildHeader(string fileName, string contentType)
    {
        var type = new HeaderBuilder("Content-Type", allowUtf8: false);
        type.AppendToken(contentType + ";");
        type.AppendToken("name=\"" + AsciiFallback(fileName) + "\"");

        var disposition = new HeaderBuilder("Content-Disposition", allowUtf8: false);
        disposition.AppendToken("attachment;");
        foreach (var token in MimeParameter.Format("filename", fileName, last: true))
        {
            disposition.AppendToken(token);
        }

        return type.ToString() + disposition + "Content-Transfer-Encoding: base64\r\n\r\n";
    }

    private static void ValidateFileName(string fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new MimeWriteException("Content-Disposition", "An attachment needs a file name.");
        }

        if (HeaderText.IndexOfControl(fileName) >= 0)
        {
            throw new MimeWriteException("Content-Disposition", $"The attachment file name '{HeaderText.Sanitize(fileName)}' contains a line break or another control character.");
        }

        if (fileName.Length > MaxFileNameLength)
        {
            throw new MimeWriteException("Content-Disposition", $"The attachment file name '{fileName.Substring(0, 40)}...' is longer than {MaxFileNameLength} characters.");
        }
    }

    private static string NormalizeContentType(string? contentType, string fileName)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return MediaTypeMap.FromFileName(fileName);
        }

        var type = contentType!.Trim().ToLowerInvariant();
        var slash = type.IndexOf('/');
        if (slash <= 0 || slash == type.Length - 1 || type.IndexOf('/', slash + 1) >= 0 || !type.All(IsTokenChar))
        {
            throw new MimeWriteException("Content-Type", $"The content type '{HeaderText.Sanitize(contentType)}' of attachment '{fileName}' is not of the form type/subtype.");
        }

        if (type.StartsWith("multipart/", StringComparison.Ordinal) || type.StartsWith("message/", StringComparison.Ordinal))
        {
            throw new MimeWriteException("Content-Type", $"The content type '{type}' of attachment '{fileName}' cannot be sent base64-encoded; use application/octet-stream.");
        }

        return type;
    }

    private static bool IsTokenChar(char c) =>
        c == '/' || (c > 32 && c < 127 && "()<>@,;:\\\"[]?=".IndexOf(c) < 0);

    private static string AsciiFallback(string fileName)
    {
        var sb = new StringBuilder(fileName.Length);
        foreach (var c in fileName.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(c >= 32 && c < 127 && c != '"' && c != '\\' && c != '?' ? c : '_');
        }

        var fallback = sb.ToString();
        if (fallback.Length <= FallbackNameLength)
        {
            return fallback;
        }

        var extension = Path.GetExtension(fallback);
        if (extension.Length > 10)
        {
            extension = string.Empty;
        }

        return fallback.Substring(0, FallbackNameLength - extension.Length - 1) + "~" + extension;
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
}
