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
}
