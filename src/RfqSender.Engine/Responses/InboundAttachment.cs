using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RfqSender.Engine.Responses;

/// <summary>
/// A file an inbound message carries (a quote as PDF or XLSX, a forwarded message): its decoded
/// bytes, their size and SHA-256, and a way to save them.
/// </summary>
public sealed class InboundAttachment
{
    private readonly byte[] _content;

    /// <summary>Creates an attachment over its decoded bytes (kept, not copied).</summary>
    internal InboundAttachment(string? fileName, string contentType, byte[] content, bool isInline = false, int index = 1)
    {
        _content = content ?? throw new ArgumentNullException(nameof(content));
        FileName = string.IsNullOrWhiteSpace(fileName) ? null : fileName!.Trim();
        ContentType = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType.Trim().ToLowerInvariant();
        IsInline = isInline;
        SafeFileName = MakeSafeFileName(FileName, index);
        using var sha = SHA256.Create();
        Sha256 = ToHex(sha.ComputeHash(_content));
    }

    /// <summary>The file name the message declares (Content-Disposition or Content-Type name), or null.</summary>
    public string? FileName { get; }

    /// <summary>
    /// A name to save the file under: the declared name without folders, characters that file
    /// systems refuse, or leading and trailing dots; <c>attachment-&lt;n&gt;</c> when none is left.
    /// </summary>
    public string SafeFileName { get; }

    /// <summary>The media type in lower case, for example <c>application/pdf</c>.</summary>
    public string ContentType { get; }

    /// <summary>The size of the decoded content in bytes.</summary>
    public long Size => _content.LongLength;

    /// <summary>The SHA-256 of the decoded content, 64 lower-case hex digits.</summary>
    public string Sha256 { get; }

    /// <summary>True when the part was shown inline (Content-Disposition inline, or part of an HTML body's related parts).</summary>
    public bool IsInline { get; }

    /// <summary>A read-only stream over the decoded content.</summary>
    public Stream OpenRead() => new MemoryStream(_content, writable: false);

    /// <summary>A copy of the decoded content.</summary>
    public byte[] ToArray() => (byte[])_content.Clone();

    /// <summary>Writes the decoded content to a new file (its folder is created); an existing file is not overwritten.</summary>
    public void SaveTo(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("A path is required.", nameof(path));
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        file.Write(_content, 0, _content.Length);
    }

    /// <summary><c>name (type, size bytes)</c>.</summary>
    public override string ToString() => $"{SafeFileName} ({ContentType}, {Size} bytes)";

    internal static string ToHex(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static string MakeSafeFileName(string? declared, int index)
    {
        var name = declared ?? string.Empty;
        var slash = Math.Max(name.LastIndexOf('/'), name.LastIndexOf('\\'));
        name = SafeFileNames.Clean(name.Substring(slash + 1));
        return name.Length == 0
            ? "attachment-" + index.ToString(CultureInfo.InvariantCulture)
            : name;
    }
}
