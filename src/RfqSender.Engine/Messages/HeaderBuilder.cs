using System.Text;

namespace RfqSender.Engine.Messages;

/// <summary>
/// Builds one header field, folding between tokens so lines stay within 78 octets where a break
/// is possible (76 for lines with encoded words, as RFC 2047 asks) and never exceed 998.
/// Tokens never contain CR or LF: the builder is the only place that writes line breaks.
/// </summary>
internal sealed class HeaderBuilder
{
    /// <summary>Recommended line length (RFC 5322 2.1.1).</summary>
    public const int SoftLimit = 78;

    /// <summary>Absolute line length (RFC 5322 2.1.1).</summary>
    public const int HardLimit = 998;

    private const int EncodedWordLineLimit = 76;
    private const string AText = "!#$%&'*+-/=?^_`{|}~";

    private readonly StringBuilder _text = new();
    private readonly bool _allowUtf8;
    private int _lineLength;
    private bool _lineHasToken;

    public HeaderBuilder(string name, bool allowUtf8)
    {
        Name = name;
        _allowUtf8 = allowUtf8;
        _text.Append(name).Append(':');
        _lineLength = name.Length + 1;
    }

    /// <summary>The field name.</summary>
    public string Name { get; }

    /// <summary>Appends a token after a space, folding first when it would not fit within <paramref name="limit"/>.</summary>
    public void AppendToken(string token, int limit = SoftLimit)
    {
        if (token.IndexOf('\r') >= 0 || token.IndexOf('\n') >= 0)
        {
            // Callers sanitise or reject first; this is the last line of defence against header injection.
            throw new MimeWriteException(Name, $"The {Name} header value contains a line break.");
        }

        var length = OctetLength(token);
        if (_lineLength + 1 + length > limit && _lineHasToken)
        {
            _text.Append("\r\n");
            _lineLength = 0;
            _lineHasToken = false;
        }

        _text.Append(' ').Append(token);
        _lineLength += 1 + length;
        _lineHasToken = true;
        if (_lineLength > HardLimit)
        {
            throw new MimeWriteException(Name, $"The {Name} header has a part longer than {HardLimit} characters that cannot be folded.");
        }
    }

    /// <summary>Appends text as RFC 2047 encoded words, the first fitted into the current line.</summary>
    public void AppendEncodedWords(string text)
    {
        var room = EncodedWordLineLimit - _lineLength - 1;
        var first = room >= EncodedWordEncoder.MinWordLength ? Math.Min(room, EncodedWordEncoder.MaxWordLength)
            : _lineHasToken ? EncodedWordEncoder.MaxWordLength
            : EncodedWordEncoder.MinWordLength;
        foreach (var word in EncodedWordEncoder.Encode(text, first, EncodedWordEncoder.MaxWordLength))
        {
            AppendToken(word, EncodedWordLineLimit);
        }
    }

    /// <summary>
    /// Appends unstructured text (Subject, extra headers), already free of control characters.
    /// Written as is, folded at spaces, when it is ASCII (or UTF-8 is allowed); as encoded words when
    /// it is not, when it would be mistaken for encoded words, or when a word does not fit a line
    /// (<paramref name="encodeLongWords"/>; otherwise only beyond the hard limit).
    /// </summary>
    public void AppendUnstructured(string text, bool encodeLongWords)
    {
        if (text.Length == 0)
        {
            return;
        }

        var tokens = SplitAtSpaces(text);
        var longest = encodeLongWords ? SoftLimit - 1 : HardLimit - 1;
        var plain = (_allowUtf8 || IsAscii(text))
            && !EncodedWordEncoder.LooksEncoded(text)
            && tokens.All(t => OctetLength(t) <= longest);
        if (!plain)
        {
            AppendEncodedWords(text);
            return;
        }

        foreach (var token in tokens)
        {
            AppendToken(token);
        }
    }

    /// <summary>Appends a mailbox, with a trailing comma unless it is the last of the list.</summary>
    public void AppendMailbox(MailboxAddress mailbox, bool last)
    {
        if (mailbox.RequiresSmtpUtf8 && !_allowUtf8)
        {
            throw new MimeWriteException(Name, $"The {Name} address '{mailbox.Address}' has non-ASCII characters before the @; it can only be sent by a server that supports SMTPUTF8, not in a 7-bit message.");
        }

        var address = mailbox.AsciiAddress;
        var comma = last ? string.Empty : ",";
        var displayName = mailbox.DisplayName is null ? string.Empty : HeaderText.Sanitize(mailbox.DisplayName);
        if (displayName.Length == 0)
        {
            AppendToken(address + comma);
            return;
        }

        AppendPhrase(displayName);
        AppendToken("<" + address + ">" + comma);
    }

    /// <summary>The field with its final CRLF.</summary>
    public override string ToString() => _text + "\r\n";

    private static List<string> SplitAtSpaces(string text)
    {
        // Extra spaces stay at the front of the next word, so a fold never leaves a blank line.
        var tokens = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == ' ' && current.Length > 0 && current[current.Length - 1] != ' ')
            {
                tokens.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(text[i]);
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    private static bool IsAtom(string word)
    {
        if (word.Length == 0)
        {
            return false;
        }

        foreach (var c in word)
        {
            var ok = c > 127 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || AText.IndexOf(c) >= 0;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAscii(string text)
    {
        foreach (var c in text)
        {
            if (c > 127)
            {
                return false;
            }
        }

        return true;
    }

    private static int OctetLength(string text) => IsAscii(text) ? text.Length : Encoding.UTF8.GetByteCount(text);

    private void AppendPhrase(string displayName)
    {
        if ((!_allowUtf8 && !IsAscii(displayName)) || EncodedWordEncoder.LooksEncoded(displayName))
        {
            AppendEncodedWords(displayName);
            return;
        }

        var words = displayName.Split(' ');
        if (words.All(IsAtom))
        {
            foreach (var word in words)
            {
                AppendToken(word);
            }

            return;
        }

        var quoted = "\"" + displayName.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        if (OctetLength(quoted) > SoftLimit - 1)
        {
            AppendEncodedWords(displayName);
            return;
        }

        AppendToken(quoted);
    }
}
