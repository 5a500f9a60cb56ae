namespace RfqSender.Engine.Messages;

/// <summary>Choices of <see cref="MimeMessageWriter"/>.</summary>
public sealed class MimeWriterOptions
{
    /// <summary>7-bit output accepted by every SMTP server.</summary>
    public static MimeWriterOptions Default { get; } = new();

    /// <summary>
    /// False (default): the output is 7-bit ASCII — headers use RFC 2047 encoded words, bodies are
    /// quoted-printable or base64 — and addresses with a non-ASCII local part are refused.
    /// True: the transport announced SMTPUTF8 and 8BITMIME, so headers carry raw UTF-8 (RFC 6532),
    /// such addresses are written as they are, and bodies are sent as 8bit where their lines allow it.
    /// </summary>
    public bool AllowUtf8 { get; init; }

    /// <summary>
    /// Makes the multipart boundary from the Message-ID and the nesting depth (0 for the outermost
    /// multipart); null uses a hash of the Message-ID, so the same message gives the same bytes.
    /// A boundary must hold 1 to 70 RFC 2046 boundary characters and contain <c>=_</c>: that
    /// sequence never occurs in quoted-printable or base64 output, so the boundary cannot collide
    /// with content.
    /// </summary>
    public Func<string, int, string>? BoundaryFactory { get; init; }

    /// <summary>
    /// True: the message is written as a draft, with the header <c>X-Unsent: 1</c>, so Outlook opens
    /// the <c>.eml</c> file as an unsent message to review and send. False (default): a message as sent.
    /// </summary>
    public bool Unsent { get; init; }
}
