using System.Text;

namespace RfqSender.Engine.Authentication.Sasl;

/// <summary>The base64 framing that SMTP AUTH and IMAP AUTHENTICATE give SASL payloads (RFC 4954, RFC 9051).</summary>
internal static class SaslBase64
{
    /// <summary>UTF-8 without a byte order mark: the encoding of SASL's user names and secrets.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>The payload as base64; an empty payload is the empty string (an empty response line).</summary>
    public static string Encode(byte[] payload) => Convert.ToBase64String(payload);

    /// <summary>The UTF-8 bytes of <paramref name="text"/> as base64.</summary>
    public static string Encode(string text) => Convert.ToBase64String(Utf8.GetBytes(text));

    /// <summary>
    /// Decodes a server challenge; a challenge that is not base64 (some servers send plain text after
    /// 334) decodes to its own bytes, as a mechanism that reads it wants the text either way.
    /// </summary>
    public static byte[] DecodeChallenge(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return Array.Empty<byte>();
        }

        try
        {
            return Convert.FromBase64String(trimmed);
        }
        catch (FormatException)
        {
            return Utf8.GetBytes(trimmed);
        }
    }
}
