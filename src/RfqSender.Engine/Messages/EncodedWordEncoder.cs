using System.Text;

namespace RfqSender.Engine.Messages;

/// <summary>
/// RFC 2047 encoded words (<c>=?utf-8?B?...?=</c> or <c>=?utf-8?Q?...?=</c>, whichever is shorter
/// overall). Words are cut between code points only, so no word holds part of a UTF-8 sequence or
/// half of a surrogate pair, and each word respects the length it is given (at most 75).
/// </summary>
internal static class EncodedWordEncoder
{
    /// <summary>The longest encoded word RFC 2047 allows.</summary>
    public const int MaxWordLength = 75;

    /// <summary>The shortest budget that always fits one code point (4 UTF-8 bytes in Q form).</summary>
    public const int MinWordLength = Overhead + 12;

    private const int Overhead = 12; // "=?utf-8?X?" + "?="
    private const string QLiteral = "!*+-/"; // safe in every header context, phrases included

    /// <summary>Encodes the text as words: the first at most <paramref name="firstMaxLength"/> long, the rest at most <paramref name="maxLength"/>.</summary>
    public static IReadOnlyList<string> Encode(string text, int firstMaxLength, int maxLength)
    {
        if (firstMaxLength < MinWordLength || maxLength < MinWordLength || maxLength > MaxWordLength || firstMaxLength > MaxWordLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength));
        }

        var codePoints = SplitCodePoints(text);
        var b = EncodeWith('B', codePoints, firstMaxLength, maxLength);
        var q = EncodeWith('Q', codePoints, firstMaxLength, maxLength);
        return TotalLength(q) <= TotalLength(b) ? q : b;
    }

    /// <summary>True when a token of the text would be read back as an encoded word, so the text must itself be encoded.</summary>
    public static bool LooksEncoded(string text)
    {
        var start = text.IndexOf("=?", StringComparison.Ordinal);
        return start >= 0 && text.IndexOf("?=", start + 2, StringComparison.Ordinal) > start;
    }

    private static List<byte[]> SplitCodePoints(string text)
    {
        var result = new List<byte[]>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            result.Add(Encoding.UTF8.GetBytes(text.Substring(i, length)));
            i += length - 1;
        }

        return result;
    }

    private static List<string> EncodeWith(char scheme, List<byte[]> codePoints, int firstMaxLength, int maxLength)
    {
        var words = new List<string>();
        var limit = firstMaxLength - Overhead;
        var bytes = new List<byte>();
        var qLength = 0;
        foreach (var codePoint in codePoints)
        {
            var addedQ = 0;
            foreach (var value in codePoint)
            {
                addedQ += IsQLiteral(value) || value == (byte)' ' ? 1 : 3;
            }

            var newLength = scheme == 'Q' ? qLength + addedQ : (bytes.Count + codePoint.Length + 2) / 3 * 4;
            if (newLength > limit && bytes.Count > 0)
            {
                words.Add(Format(scheme, bytes));
                bytes.Clear();
                qLength = 0;
                limit = maxLength - Overhead;
            }

            bytes.AddRange(codePoint);
            qLength += addedQ;
        }

        if (bytes.Count > 0 || words.Count == 0)
        {
            words.Add(Format(scheme, bytes));
        }

        return words;
    }

    private static string Format(char scheme, List<byte> bytes)
    {
        var sb = new StringBuilder("=?utf-8?").Append(scheme).Append('?');
        if (scheme == 'B')
        {
            sb.Append(Convert.ToBase64String(bytes.ToArray()));
        }
        else
        {
            foreach (var value in bytes)
            {
                if (value == (byte)' ')
                {
                    sb.Append('_');
                }
                else if (IsQLiteral(value))
                {
                    sb.Append((char)value);
                }
                else
                {
                    sb.Append('=').Append(value.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return sb.Append("?=").ToString();
    }

    private static bool IsQLiteral(byte value) =>
        (value >= (byte)'a' && value <= (byte)'z')
        || (value >= (byte)'A' && value <= (byte)'Z')
        || (value >= (byte)'0' && value <= (byte)'9')
        || QLiteral.IndexOf((char)value) >= 0;

    private static int TotalLength(List<string> words) => words.Sum(w => w.Length + 1);
}
