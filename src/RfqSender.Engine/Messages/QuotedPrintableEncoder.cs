namespace RfqSender.Engine.Messages;

/// <summary>
/// Quoted-printable (RFC 2045 6.7) for text bodies. Input lines are separated by CRLF; output lines
/// are at most 76 characters, with soft breaks (<c>=</c>) where a line is longer. Encoded: '=',
/// non-ASCII and control bytes, white space at the end of a line, and a '.' that would start a
/// line (so a server or client with a broken dot-stuffing implementation cannot eat it).
/// The output always ends with CRLF; a soft break at the end keeps a body without a final line
/// break exactly as it was.
/// </summary>
internal static class QuotedPrintableEncoder
{
    private const int MaxLineLength = 76;
    private const string Hex = "0123456789ABCDEF";

    /// <summary>Encodes UTF-8 text whose line breaks are all CRLF.</summary>
    public static byte[] Encode(byte[] crlfText)
    {
        var output = new List<byte>(crlfText.Length + (crlfText.Length / 8) + 8);
        var lineStart = 0;
        while (true)
        {
            var lineEnd = IndexOfCrlf(crlfText, lineStart);
            var end = lineEnd < 0 ? crlfText.Length : lineEnd;
            EncodeLine(crlfText, lineStart, end, output);
            if (lineEnd < 0)
            {
                if (end > lineStart)
                {
                    output.Add((byte)'=');
                    output.Add((byte)'\r');
                    output.Add((byte)'\n');
                }

                break;
            }

            output.Add((byte)'\r');
            output.Add((byte)'\n');
            lineStart = lineEnd + 2;
            if (lineStart == crlfText.Length)
            {
                break;
            }
        }

        return output.ToArray();
    }

    private static void EncodeLine(byte[] text, int start, int end, List<byte> output)
    {
        var column = 0;
        for (var i = start; i < end; i++)
        {
            var value = text[i];
            var isLast = i == end - 1;
            var literal = (value >= 33 && value <= 126 && value != (byte)'=')
                || ((value == (byte)' ' || value == (byte)'\t') && !isLast);
            var length = literal ? 1 : 3;

            // The last token may use column 76 itself; any other needs room for the soft-break '='.
            if (column + length > (isLast ? MaxLineLength : MaxLineLength - 1))
            {
                output.Add((byte)'=');
                output.Add((byte)'\r');
                output.Add((byte)'\n');
                column = 0;
            }

            if (literal && column == 0 && value == (byte)'.')
            {
                literal = false;
                length = 3;
            }

            if (literal)
            {
                output.Add(value);
            }
            else
            {
                output.Add((byte)'=');
                output.Add((byte)Hex[value >> 4]);
                output.Add((byte)Hex[value & 0xF]);
            }

            column += length;
        }
    }

    private static int IndexOfCrlf(byte[] text, int start)
    {
        for (var i = start; i + 1 < text.Length; i++)
        {
            if (text[i] == (byte)'\r' && text[i + 1] == (byte)'\n')
            {
                return i;
            }
        }

        return -1;
    }
}
