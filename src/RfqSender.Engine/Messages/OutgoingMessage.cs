namespace RfqSender.Engine.Messages;

/// <summary>
/// A fully rendered message for one vendor, ready for a transport. Attachments are shared,
/// already-encoded parts: the same instances serve every message of a send.
/// </summary>
public sealed class OutgoingMessage
{
    /// <summary>Creates a message.</summary>
    public OutgoingMessage(
        string messageId,
        MailboxAddress from,
        MailboxAddress? replyTo,
        IReadOnlyList<MailboxAddress> to,
        IReadOnlyList<MailboxAddress> cc,
        string subject,
        string? textBody,
        string? htmlBody,
        DateTimeOffset date,
        IReadOnlyList<EncodedAttachment> attachments,
        IReadOnlyList<KeyValuePair<string, string>>? extraHeaders = null)
    {
        if (to is null || to.Count == 0)
        {
            throw new ArgumentException("A message needs at least one To recipient.", nameof(to));
        }

        if (textBody is null && htmlBody is null)
        {
            throw new ArgumentException("A message needs a text body, an HTML body, or both.", nameof(textBody));
        }

        MessageId = messageId;
        From = from;
        ReplyTo = replyTo;
        To = to;
        Cc = cc ?? Array.Empty<MailboxAddress>();
        Subject = subject;
        TextBody = textBody;
        HtmlBody = htmlBody;
        Date = date;
        Attachments = attachments ?? Array.Empty<EncodedAttachment>();
        ExtraHeaders = extraHeaders ?? Array.Empty<KeyValuePair<string, string>>();
    }

    /// <summary>The Message-ID without angle brackets, e.g. <c>rfq.abc.def@contoso.com</c>.</summary>
    public string MessageId { get; }

    /// <summary>The sender.</summary>
    public MailboxAddress From { get; }

    /// <summary>Reply-To, or null.</summary>
    public MailboxAddress? ReplyTo { get; }

    /// <summary>Primary recipients.</summary>
    public IReadOnlyList<MailboxAddress> To { get; }

    /// <summary>Copied recipients.</summary>
    public IReadOnlyList<MailboxAddress> Cc { get; }

    /// <summary>The subject, unencoded.</summary>
    public string Subject { get; }

    /// <summary>Plain-text body, or null.</summary>
    public string? TextBody { get; }

    /// <summary>HTML body, or null.</summary>
    public string? HtmlBody { get; }

    /// <summary>The Date header.</summary>
    public DateTimeOffset Date { get; }

    /// <summary>Encoded attachments shared across messages.</summary>
    public IReadOnlyList<EncodedAttachment> Attachments { get; }

    /// <summary>Further headers (e.g. <c>X-RFQ-Number</c>); names and values are validated by the writer.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ExtraHeaders { get; }

    /// <summary>
    /// A human-readable name for the message (e.g. <c>RFQ-2026-114 - Acme GmbH</c>), used by the
    /// pickup folder for file names; never written into the message.
    /// </summary>
    public string? Label { get; set; }

    /// <summary>
    /// Called by a transport that reports it (<see cref="Transports.IReportsContentStart"/>) right
    /// before the message can first reach its destination; the sender records the delivery as in
    /// flight then, so a run stopped while still connecting leaves nothing in doubt.
    /// </summary>
    public Func<Task>? ContentStarting { get; set; }

    /// <summary>
    /// When set, the SMTP envelope holds only these recipients while the headers stay as they are:
    /// a later attempt for recipients the server refused for now, with the same Message-ID, so those
    /// who already have the message do not get it twice. Null sends to every To and Cc recipient.
    /// </summary>
    public IReadOnlyList<MailboxAddress>? EnvelopeRecipients { get; set; }

    /// <summary>
    /// Recipients who get the message without appearing in it (an archive copy). Never written into
    /// a header: SMTP puts them in the envelope, Graph in bccRecipients; the pickup folder refuses them.
    /// </summary>
    public IReadOnlyList<MailboxAddress> Bcc { get; init; } = Array.Empty<MailboxAddress>();

    /// <summary>Every envelope recipient: <see cref="EnvelopeRecipients"/> when set, else To, Cc then Bcc, duplicates removed.</summary>
    public IReadOnlyList<MailboxAddress> Recipients => (EnvelopeRecipients ?? To.Concat(Cc).Concat(Bcc)).Distinct().ToList();

    /// <summary>True when any address needs SMTPUTF8.</summary>
    public bool RequiresSmtpUtf8 => From.RequiresSmtpUtf8 || To.Concat(Cc).Concat(Bcc).Any(a => a.RequiresSmtpUtf8);
}
