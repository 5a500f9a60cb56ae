using System.Globalization;
using System.Text;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// One SMTP reply (RFC 5321 section 4.2): a three-digit code and one or more lines of text, with
/// the RFC 3463 enhanced status code (e.g. <c>5.1.1</c>) taken from the first line when present.
/// </summary>
public sealed class SmtpReply
{
    /// <summary>Creates a reply.</summary>
    /// <param name="code">The three-digit reply code.</param>
    /// <param name="lines">The text of each line, after the code and separator.</param>
    /// <param name="parseEnhancedCode">Whether the text starts with an enhanced status code (the server announced ENHANCEDSTATUSCODES, or the caller does not know).</param>
    public SmtpReply(int code, IReadOnlyList<string> lines, bool parseEnhancedCode = true)
    {
        if (code < 200 || code > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(code), "An SMTP reply code is between 200 and 599.");
        }

        Code = code;
        Lines = lines ?? Array.Empty<string>();
        if (parseEnhancedCode && Lines.Count > 0)
        {
            EnhancedCode = ReadEnhancedCode(code, Lines[0]);
        }
    }

    /// <summary>The three-digit reply code, e.g. 250.</summary>
    public int Code { get; }

    /// <summary>The RFC 3463 enhanced status code, e.g. <c>5.1.1</c>, or null.</summary>
    public string? EnhancedCode { get; }

    /// <summary>The text of each line of the reply, after the code.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The text of all lines joined with spaces, the enhanced code of each line removed.</summary>
    public string Text
    {
        get
        {
            var sb = new StringBuilder();
            foreach (var line in Lines)
            {
                var text = EnhancedCode is not null && line.StartsWith(EnhancedCode, StringComparison.Ordinal)
                    ? line.Substring(EnhancedCode.Length).TrimStart()
                    : line;
                if (text.Length == 0)
                {
                    continue;
                }

                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(text);
            }

            return sb.ToString();
        }
    }

    /// <summary>2xx: the command succeeded.</summary>
    public bool IsPositiveCompletion => Code / 100 == 2;

    /// <summary>3xx: the server waits for more (354 after DATA, 334 during AUTH).</summary>
    public bool IsPositiveIntermediate => Code / 100 == 3;

    /// <summary>4xx: failed for now.</summary>
    public bool IsTransientNegative => Code / 100 == 4;

    /// <summary>5xx: failed for good.</summary>
    public bool IsPermanentNegative => Code / 100 == 5;

    /// <summary>The reply as one line, e.g. <c>550 5.1.1 User unknown</c>.</summary>
    public override string ToString()
    {
        var text = Text;
        var code = Code.ToString(CultureInfo.InvariantCulture);
        if (EnhancedCode is not null)
        {
            code += " " + EnhancedCode;
        }

        return text.Length == 0 ? code : code + " " + text;
    }

    /// <summary>Reads the enhanced code at the start of a reply line, when its class matches the reply code's first digit.</summary>
    internal static string? ReadEnhancedCode(int code, string line)
    {
        var end = 0;
        while (end < line.Length && line[end] != ' ')
        {
            end++;
        }

        var token = line.Substring(0, end);
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0].Length != 1 || parts[0][0] != (char)('0' + (code / 100)))
        {
            return null;
        }

        return IsDigits(parts[1], 3) && IsDigits(parts[2], 3) ? token : null;
    }

    private static bool IsDigits(string text, int maxLength)
    {
        if (text.Length == 0 || text.Length > maxLength || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return true;
    }
}
