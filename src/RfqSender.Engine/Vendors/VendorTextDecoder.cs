using System.Text;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Decodes vendor files: a byte order mark decides (UTF-8, UTF-16 LE/BE); otherwise UTF-16 LE/BE
/// is recognised by its NUL bytes (every other byte of Latin text); otherwise strict UTF-8, falling
/// back to Windows-1252 for files saved by older Windows tools (Excel "CSV", Notepad "ANSI").
/// </summary>
internal static class VendorTextDecoder
{
    /// <summary>Why text files never contain NUL characters, and what to do about one that does.</summary>
    public const string NulBytesMessage = "the file has NUL bytes, so it looks like UTF-16 without a byte-order mark, or binary (such as an Excel workbook); save it as UTF-8";

    /// <summary>How many bytes at the start of a file decide whether it is UTF-16 without a byte order mark.</summary>
    private const int SniffLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static VendorTextDecoder()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The Windows-1252 encoding.</summary>
    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    /// <summary>
    /// Opens a file as text with the encoding <see cref="Decode"/> would choose, without reading it
    /// into memory: the first bytes decide (byte order mark, UTF-16 without one); otherwise one
    /// streaming pass checks whether the whole file is valid UTF-8 (else Windows-1252).
    /// </summary>
    public static TextReader Open(string path, Encoding? encoding)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        try
        {
            var head = new byte[SniffLength];
            var read = 0;
            while (read < head.Length && stream.Read(head, read, head.Length - read) is var n && n > 0)
            {
                read += n;
            }

            var (chosen, preamble) = Choose(head, read, encoding);
            chosen ??= IsValidUtf8(stream) ? StrictUtf8 : Windows1252;
            stream.Position = preamble;
            return new StreamReader(stream, chosen, detectEncodingFromByteOrderMarks: false, bufferSize: 64 * 1024);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Decodes the bytes with <paramref name="encoding"/>, or with the detected encoding when it is null.</summary>
    public static string Decode(byte[] bytes, Encoding? encoding)
    {
        var (chosen, preamble) = Choose(bytes, Math.Min(bytes.Length, SniffLength), encoding);
        if (chosen is not null)
        {
            return chosen.GetString(bytes, preamble, bytes.Length - preamble);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Windows1252.GetString(bytes);
        }
    }

    /// <summary>The 1-based line of the first NUL character of decoded text, or null when it has none.</summary>
    public static int? LineOfNul(string text)
    {
        var index = text.IndexOf('\0');
        if (index < 0)
        {
            return null;
        }

        var line = 1;
        for (var i = 0; i < index; i++)
        {
            line += text[i] == '\n' ? 1 : 0;
        }

        return line;
    }

    /// <summary>
    /// The encoding that the first bytes decide, and the length of its byte order mark; a null
    /// encoding when only the whole file can tell (UTF-8 if it is valid, else Windows-1252). A
    /// given <paramref name="encoding"/> wins, though a byte order mark is still skipped.
    /// </summary>
    private static (Encoding? Encoding, int Preamble) Choose(byte[] head, int count, Encoding? encoding)
    {
        if (count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        {
            return (encoding ?? StrictUtf8, 3);
        }

        if (count >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        {
            return (encoding ?? Encoding.Unicode, 2);
        }

        if (count >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        {
            return (encoding ?? Encoding.BigEndianUnicode, 2);
        }

        return (encoding ?? Utf16WithoutBom(head, count), 0);
    }

    /// <summary>
    /// UTF-16 without a byte order mark: Latin characters (a CSV header at least) have a NUL high
    /// byte, so at least a quarter of the high bytes are NUL and hardly any low byte is. Binary data
    /// has NULs in both places, text in any other encoding has none.
    /// </summary>
    private static Encoding? Utf16WithoutBom(byte[] head, int count)
    {
        var pairs = count / 2;
        int evenNuls = 0, oddNuls = 0;
        for (var i = 0; i < pairs * 2; i += 2)
        {
            evenNuls += head[i] == 0 ? 1 : 0;
            oddNuls += head[i + 1] == 0 ? 1 : 0;
        }

        if (pairs > 0 && oddNuls * 4 >= pairs && evenNuls * 8 <= oddNuls)
        {
            return Encoding.Unicode;
        }

        if (pairs > 0 && evenNuls * 4 >= pairs && oddNuls * 8 <= evenNuls)
        {
            return Encoding.BigEndianUnicode;
        }

        return null;
    }

    private static bool IsValidUtf8(Stream stream)
    {
        stream.Position = 0;
        var decoder = StrictUtf8.GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[StrictUtf8.GetMaxCharCount(bytes.Length)];
        try
        {
            int read;
            while ((read = stream.Read(bytes, 0, bytes.Length)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
