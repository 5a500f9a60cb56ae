using System.Text;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Decodes vendor files: a byte order mark decides (UTF-8, UTF-16 LE/BE); otherwise strict UTF-8,
/// falling back to Windows-1252 for files saved by older Windows tools (Excel "CSV", Notepad "ANSI").
/// </summary>
internal static class VendorTextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static VendorTextDecoder()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>The Windows-1252 encoding.</summary>
    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    /// <summary>
    /// Opens a file as text with the encoding <see cref="Decode"/> would choose, without reading it
    /// into memory: a byte order mark decides; otherwise one streaming pass checks whether the whole
    /// file is valid UTF-8 (else Windows-1252).
    /// </summary>
    public static TextReader Open(string path, Encoding? encoding)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        try
        {
            var bom = new byte[3];
            var read = 0;
            while (read < 3 && stream.Read(bom, read, 3 - read) is var n && n > 0)
            {
                read += n;
            }

            Encoding chosen;
            var preamble = 0;
            if (read >= 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF)
            {
                (chosen, preamble) = (encoding ?? StrictUtf8, 3);
            }
            else if (read >= 2 && bom[0] == 0xFF && bom[1] == 0xFE)
            {
                (chosen, preamble) = (encoding ?? Encoding.Unicode, 2);
            }
            else if (read >= 2 && bom[0] == 0xFE && bom[1] == 0xFF)
            {
                (chosen, preamble) = (encoding ?? Encoding.BigEndianUnicode, 2);
            }
            else
            {
                chosen = encoding ?? (IsValidUtf8(stream) ? StrictUtf8 : Windows1252);
            }

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
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return (encoding ?? StrictUtf8).GetString(bytes, 3, bytes.Length - 3);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return (encoding ?? Encoding.Unicode).GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return (encoding ?? Encoding.BigEndianUnicode).GetString(bytes, 2, bytes.Length - 2);
        }

        if (encoding is not null)
        {
            return encoding.GetString(bytes);
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
