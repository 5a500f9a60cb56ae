using System.Globalization;
using System.Text;

namespace RfqSender.Engine.Messages;

/// <summary>
/// Formats a MIME header parameter such as <c>filename</c>: a quoted string when the value is short
/// plain ASCII, otherwise RFC 2231 extended values (<c>filename*=utf-8''%E2%82%AC.pdf</c>), split into
/// numbered sections (<c>filename*0*=</c>, <c>filename*1*=</c>) when one would not fit a line. Sections
/// are cut between code points, because readers decode each section on its own.
/// </summary>
internal static class MimeParameter
{
    private const string AttributeChars = "!#$&+-.^_`|~";

    /// <summary>Parameter tokens, each ending with ';' except the last when <paramref name="last"/>.</summary>
    public static IReadOnlyList<string> Format(string name, string value, bool last)
    {
        var separator = last ? string.Empty : ";";
        if (IsPlainQuotable(value))
        {
            var quoted = name + "=\"" + value + "\"" + separator;
            if (quoted.Length <= HeaderBuilder.SoftLimit - 1)
            {
                return new[] { quoted };
            }
        }

        var encoded = new List<string>();
        for (var i = 0; i < value.Length; i++)
        {
            var length = char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? 2 : 1;
            encoded.Add(PercentEncode(value.Substring(i, length)));
            i += length - 1;
        }

        const string Charset = "utf-8''";
        var single = name + "*=" + Charset + string.Concat(encoded) + separator;
        if (single.Length <= HeaderBuilder.SoftLimit - 1)
        {
            return new[] { single };
        }

        var sections = new List<string>();
        var current = new StringBuilder();
        foreach (var piece in encoded)
        {
            var prefix = name + "*" + sections.Count.ToString(CultureInfo.InvariantCulture) + "*=" + (sections.Count == 0 ? Charset : string.Empty);
            if (current.Length > 0 && prefix.Length + current.Length + piece.Length + 1 > HeaderBuilder.SoftLimit - 1)
            {
                sections.Add(prefix + current + ";");
                current.Clear();
            }

            current.Append(piece);
        }

        sections.Add(name + "*" + sections.Count.ToString(CultureInfo.InvariantCulture) + "*=" + (sections.Count == 0 ? Charset : string.Empty) + current + separator);
        return sections;
    }

    private static bool IsPlainQuotable(string value)
    {
        foreach (var c in value)
        {
            if (c < 32 || c > 126 || c == '"' || c == '\\')
            {
                return false;
            }
        }

        return value.Length > 0 && !EncodedWordEncoder.LooksEncoded(value);
    }

    private static string PercentEncode(string codePoint)
    {
        var c = codePoint[0];
        if (codePoint.Length == 1 && c < 128 && (char.IsLetterOrDigit(c) || AttributeChars.IndexOf(c) >= 0))
        {
            return codePoint;
        }

        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(codePoint))
        {
            sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
