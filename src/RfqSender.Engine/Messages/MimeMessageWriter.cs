using System.Security.Cryptography;
using System.Text;

namespace RfqSender.Engine.Messages;

/// <summary>
/// Writes an <see cref="OutgoingMessage"/> as an RFC 5322 / MIME message, part by part onto a
/// stream, without building the whole message in memory.
/// </summary>
/// <remarks>
/// <para>Structure: text only is <c>text/plain</c>, HTML only is <c>text/html</c>, both are
/// <c>multipart/alternative</c> (text first); attachments wrap that in <c>multipart/mixed</c>.
/// Bodies are UTF-8, line breaks normalised to CRLF.</para>
/// <para>7-bit mode (the default): a body is quoted-printable, or base64 when that is shorter
/// (mostly non-ASCII text); header text that is not ASCII is written as RFC 2047 encoded words.
/// UTF-8 mode (<see cref="MimeWriterOptions.AllowUtf8"/>): header text is raw UTF-8 and bodies are
/// 8bit unless a line is too long or the text holds a boundary.</para>
/// <para>Header injection: every header is validated and assembled before the first byte is written.
/// Line breaks and other control characters in the subject and in display names become spaces
/// (a subject rendered from a template may end in a line break); in an extra header they are an
/// error. No value can start a header line of its own.</para>
/// <para>The output depends only on the message and the options: the same message gives the same bytes.</para>
/// </remarks>
public sealed class MimeMessageWriter
{
    private const string Charset = "utf-8";
    private const string BoundaryChars = "'()+_,-./:=? ";
    private const int MaxBoundaryLength = 70;
    private const int MaxBodyLineOctets = 998;

    /// <summary>The header that marks a draft (<see cref="MimeWriterOptions.Unsent"/>); Outlook opens such a file as an unsent message.</summary>
    public const string UnsentHeader = "X-Unsent";

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Subject", "Message-ID", "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-ID", "Content-Description",
        "Resent-Date", "Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc", "Resent-Bcc", "Resent-Message-ID", UnsentHeader,
    };

    /// <summary>Creates a writer.</summary>
    /// <param name="options">Writer options; null for <see cref="MimeWriterOptions.Default"/> (7-bit).</param>
    public MimeMessageWriter(MimeWriterOptions? options = null)
    {
        Options = options ?? MimeWriterOptions.Default;
    }

    /// <summary>The options in use.</summary>
    public MimeWriterOptions Options { get; }

    /// <summary>Writes the message to the stream.</summary>
    /// <exception cref="MimeWriteException">A header cannot be written; nothing has been written then.</exception>
    public void Write(OutgoingMessage message, Stream output)
    {
        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        foreach (var segment in Compose(message))
        {
            if (segment is byte[] bytes)
            {
                output.Write(bytes, 0, bytes.Length);
            }
            else
            {
                ((EncodedAttachment)segment).WriteTo(output);
            }
        }
    }

    /// <summary>Writes the message to the stream.</summary>
    /// <exception cref="MimeWriteException">A header cannot be written; nothing has been written then.</exception>
    public async Task WriteAsync(OutgoingMessage message, Stream output, CancellationToken ct)
    {
        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        foreach (var segment in Compose(message))
        {
            ct.ThrowIfCancellationRequested();
            if (segment is byte[] bytes)
            {
                await output.WriteAsync(bytes, 0, bytes.Length, ct).ConfigureAwait(false);
            }
            else
            {
                await ((EncodedAttachment)segment).WriteToAsync(output, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The default boundary: a hash of the Message-ID, so output is reproducible.</summary>
    internal static string DefaultBoundary(string messageId, int depth)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(messageId));
        var sb = new StringBuilder("=_rfq").Append((char)('0' + depth)).Append('.');
        for (var i = 0; i < 12; i++)
        {
            sb.Append(digest[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static string ValidateMessageId(string? messageId)
    {
        var id = (messageId ?? string.Empty).Trim();
        if (id.Length > 1 && id[0] == '<' && id[id.Length - 1] == '>')
        {
            id = id.Substring(1, id.Length - 2);
        }

        var at = id.IndexOf('@');
        var valid = at > 0 && at == id.LastIndexOf('@') && IsDotAtom(id.Substring(0, at)) && IsDotAtom(id.Substring(at + 1));
        if (!valid || id.Length > 900)
        {
            throw new MimeWriteException("Message-ID", $"The Message-ID '{HeaderText.Sanitize(messageId)}' is not of the form left@right made of letters, digits, dots and !#$%&'*+-/=?^_`{{|}}~.");
        }

        return id;
    }

    private static bool IsDotAtom(string text)
    {
        if (text.Length == 0 || text[0] == '.' || text[text.Length - 1] == '.' || text.Contains(".."))
        {
            return false;
        }

        foreach (var c in text)
        {
            var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-/=?^_`{|}~.".IndexOf(c) >= 0;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateBoundary(string boundary)
    {
        var valid = boundary.Length > 0 && boundary.Length <= MaxBoundaryLength && boundary[boundary.Length - 1] != ' '
            && boundary.Contains("=_")
            && boundary.All(c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || BoundaryChars.IndexOf(c) >= 0);
        if (!valid)
        {
            throw new MimeWriteException("Content-Type", $"The multipart boundary '{HeaderText.Sanitize(boundary)}' must be 1 to {MaxBoundaryLength} RFC 2046 boundary characters containing '=_'.");
        }
    }

    private static string ValidateExtraHeaderName(string? name)
    {
        var valid = !string.IsNullOrEmpty(name) && name!.Length <= 76 && name.All(c => c >= 33 && c <= 126 && c != ':');
        if (!valid)
        {
            throw new MimeWriteException(name, $"The header name '{HeaderText.Sanitize(name)}' is not valid: use printable ASCII without spaces or ':'.");
        }

        if (ReservedHeaders.Contains(name!) || name!.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
        {
            throw new MimeWriteException(name, $"The header '{name}' is written by the MIME writer itself and cannot be given as an extra header.");
        }

        return name;
    }

    private static byte[] NormalizeLineBreaks(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                sb.Append("\r\n");
            }
            else if (c == '\n')
            {
                sb.Append("\r\n");
            }
            else
            {
                sb.Append(c);
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static bool FitsEightBit(byte[] crlfText, IEnumerable<string> boundaries)
    {
        var lineLength = 0;
        for (var i = 0; i < crlfText.Length; i++)
        {
            var b = crlfText[i];
            if (b == 0 || (b == (byte)'\r' && (i + 1 >= crlfText.Length || crlfText[i + 1] != (byte)'\n')))
            {
                return false;
            }

            lineLength = b == (byte)'\n' ? 0 : lineLength + 1;
            if (lineLength > MaxBodyLineOctets)
            {
                return false;
            }
        }

        var text = Encoding.UTF8.GetString(crlfText);
        return boundaries.All(boundary => text.IndexOf("--" + boundary, StringComparison.Ordinal) < 0);
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private List<object> Compose(OutgoingMessage message)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        var id = ValidateMessageId(message.MessageId);
        var utf8 = Options.AllowUtf8;
        var head = new StringBuilder();
        head.Append("Date: ").Append(Rfc5322Date.Format(message.Date)).Append("\r\n");
        head.Append(AddressHeader("From", new[] { message.From }));
        if (message.ReplyTo is not null)
        {
            head.Append(AddressHeader("Reply-To", new[] { message.ReplyTo }));
        }

        head.Append(AddressHeader("To", message.To));
        if (message.Cc.Count > 0)
        {
            head.Append(AddressHeader("Cc", message.Cc));
        }

        var subject = new HeaderBuilder("Subject", utf8);
        subject.AppendUnstructured(HeaderText.Sanitize(message.Subject), encodeLongWords: true);
        head.Append(subject);
        head.Append("Message-ID: <").Append(id).Append(">\r\n");
        head.Append("MIME-Version: 1.0\r\n");
        if (Options.Unsent)
        {
            head.Append(UnsentHeader).Append(": 1\r\n");
        }

        foreach (var extra in message.ExtraHeaders)
        {
            var name = ValidateExtraHeaderName(extra.Key);
            var value = extra.Value ?? string.Empty;
            if (HeaderText.IndexOfControl(value.Replace("\t", " ")) >= 0)
            {
                throw new MimeWriteException(name, $"The value of header '{name}' contains a line break or another control character.");
            }

            var builder = new HeaderBuilder(name, utf8);
            builder.AppendUnstructured(value.Replace('\t', ' ').Trim(), encodeLongWords: false);
            head.Append(builder);
        }

        var boundaries = new List<string>();
        var mixed = message.Attachments.Count > 0 ? NewBoundary(id, boundaries) : null;
        var alternative = message.TextBody is not null && message.HtmlBody is not null ? NewBoundary(id, boundaries) : null;

        var segments = new List<object>();
        if (mixed is null)
        {
            AppendBody(message, head, segments, alternative, boundaries, topLevel: true);
            return segments;
        }

        head.Append(MultipartHeader("mixed", mixed)).Append("\r\n");
        segments.Add(Encoding.UTF8.GetBytes(head.ToString()));
        segments.Add(Ascii("--" + mixed + "\r\n"));
        AppendBody(message, new StringBuilder(), segments, alternative, boundaries, topLevel: false);
        foreach (var attachment in message.Attachments)
        {
            segments.Add(Ascii("\r\n--" + mixed + "\r\n"));
            segments.Add(attachment);
        }

        segments.Add(Ascii("\r\n--" + mixed + "--\r\n"));
        return segments;
    }

    private string NewBoundary(string messageId, List<string> boundaries)
    {
        var boundary = Options.BoundaryFactory is null ? DefaultBoundary(messageId, boundaries.Count) : Options.BoundaryFactory(messageId, boundaries.Count);
        ValidateBoundary(boundary);
        if (boundaries.Any(b => b.StartsWith(boundary, StringComparison.Ordinal) || boundary.StartsWith(b, StringComparison.Ordinal)))
        {
            throw new MimeWriteException("Content-Type", $"The multipart boundary '{boundary}' repeats, or begins, an enclosing boundary.");
        }

        boundaries.Add(boundary);
        return boundary;
    }

    private string AddressHeader(string name, IReadOnlyList<MailboxAddress> mailboxes)
    {
        var builder = new HeaderBuilder(name, Options.AllowUtf8);
        for (var i = 0; i < mailboxes.Count; i++)
        {
            builder.AppendMailbox(mailboxes[i] ?? throw new MimeWriteException(name, $"The {name} list holds an empty address."), i == mailboxes.Count - 1);
        }

        return builder.ToString();
    }

    private static string MultipartHeader(string subtype, string boundary) =>
        "Content-Type: multipart/" + subtype + ";\r\n boundary=\"" + boundary + "\"\r\n";

    private void AppendBody(OutgoingMessage message, StringBuilder head, List<object> segments, string? alternative, List<string> boundaries, bool topLevel)
    {
        if (alternative is null)
        {
            var html = message.TextBody is null;
            AppendText(html ? "html" : "plain", html ? message.HtmlBody! : message.TextBody!, head, segments, boundaries, topLevel);
            return;
        }

        head.Append(MultipartHeader("alternative", alternative)).Append("\r\n");
        segments.Add(Encoding.UTF8.GetBytes(head.ToString()));
        segments.Add(Ascii("--" + alternative + "\r\n"));
        AppendText("plain", message.TextBody!, new StringBuilder(), segments, boundaries, topLevel: false);
        segments.Add(Ascii("\r\n--" + alternative + "\r\n"));
        AppendText("html", message.HtmlBody!, new StringBuilder(), segments, boundaries, topLevel: false);
        segments.Add(Ascii("\r\n--" + alternative + "--\r\n"));
    }

    private void AppendText(string subtype, string text, StringBuilder head, List<object> segments, List<string> boundaries, bool topLevel)
    {
        var bytes = NormalizeLineBreaks(text);
        string encoding;
        byte[] body;
        if (Options.AllowUtf8 && FitsEightBit(bytes, boundaries))
        {
            encoding = bytes.Any(b => b > 127) ? "8bit" : "7bit";
            body = bytes;
            if (topLevel && (bytes.Length < 2 || bytes[bytes.Length - 1] != (byte)'\n'))
            {
                body = bytes.Concat(new[] { (byte)'\r', (byte)'\n' }).ToArray();
            }
        }
        else
        {
            var quoted = QuotedPrintableEncoder.Encode(bytes);
            if (Base64LineEncoder.EncodedLength(bytes.Length) < quoted.Length)
            {
                encoding = "base64";
                body = Base64LineEncoder.Encode(bytes);
            }
            else
            {
                encoding = "quoted-printable";
                body = quoted;
            }
        }

        head.Append("Content-Type: text/").Append(subtype).Append("; charset=").Append(Charset).Append("\r\n");
        head.Append("Content-Transfer-Encoding: ").Append(encoding).Append("\r\n\r\n");
        segments.Add(Encoding.UTF8.GetBytes(head.ToString()));
        segments.Add(body);
    }
}
