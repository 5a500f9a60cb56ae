using System.Text;

namespace RfqSender.Engine.Messages;

/// <summary>Cleans text headed for a header, so a value can never start a new header line.</summary>
internal static class HeaderText
{
    /// <summary>
    /// Replaces every line break (CRLF, CR or LF) and every other control character, tab included,
    /// with one space, and trims the ends: a subject rendered from a template or a display name with
    /// a stray line break stays one header.
    /// </summary>
    public static string Sanitize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text!.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            sb.Append(IsControl(c) ? ' ' : c);
        }

        return sb.ToString().Trim();
    }

    /// <summary>True for C0 and C1 controls, DEL, and the Unicode line and paragraph separators.</summary>
    public static bool IsControl(char c) => char.IsControl(c) || c == '\u2028' || c == '\u2029';

    /// <summary>The first control character of the text, or -1.</summary>
    public static int IndexOfControl(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsControl(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
