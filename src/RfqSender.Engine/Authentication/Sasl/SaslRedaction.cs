using System.Text.RegularExpressions;

namespace RfqSender.Engine.Authentication.Sasl;

/// <summary>Removes a SASL secret from what a server said, whatever form the server echoed it in.</summary>
internal static class SaslRedaction
{
    private static readonly Regex Base64Word = new("[A-Za-z0-9+/]{8,}={0,2}", RegexOptions.CultureInvariant);

    /// <summary>
    /// Replaces the secret with <c>***</c> in every form it went out in: as is, base64, and the base64
    /// of each whole payload that held it (with or without padding), and any base64 run that decodes
    /// to text holding the secret.
    /// </summary>
    public static string Redact(string text, string? secret, IEnumerable<byte[]> payloads)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(text))
        {
            return text;
        }

        var encodedSecret = SaslBase64.Encode(secret!);
        var forms = new List<string> { secret!, encodedSecret, encodedSecret.TrimEnd('=') };
        foreach (var payload in payloads)
        {
            var encoded = SaslBase64.Encode(payload);
            forms.Add(encoded);
            forms.Add(encoded.TrimEnd('='));
        }

        foreach (var form in forms.Where(f => f.Length > 0).OrderByDescending(f => f.Length))
        {
            text = text.Replace(form, "***");
        }

        // Whatever else the server made of it: a base64 word that decodes to something holding the secret.
        return Base64Word.Replace(text, match =>
        {
            try
            {
                var word = match.Value.TrimEnd('=');
                var decoded = SaslBase64.Utf8.GetString(Convert.FromBase64String(word.PadRight(word.Length + ((4 - (word.Length % 4)) % 4), '=')));
                return decoded.Contains(secret!) ? "***" : match.Value;
            }
            catch (FormatException)
            {
                return match.Value;
            }
        });
    }
}
