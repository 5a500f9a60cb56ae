using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Rfqs;

/// <summary>
/// A request for quotation: what is asked, by when, from whom, and the templates of the message
/// each vendor receives. <see cref="Number"/> is the campaign key: sending the same number again
/// resumes the campaign.
/// </summary>
public sealed class Rfq
{
    /// <summary>Creates an RFQ. Loaders and builders validate before they call this.</summary>
    public Rfq(
        string number,
        string title,
        DateTimeOffset dueDate,
        MailboxAddress from,
        MailboxAddress? replyTo,
        string subjectTemplate,
        string? bodyTextTemplate,
        string? bodyHtmlTemplate,
        IReadOnlyList<LineItem> items,
        IReadOnlyList<RfqAttachment> attachments,
        IReadOnlyDictionary<string, string>? fields = null,
        string? source = null)
    {
        Number = number;
        Title = title;
        DueDate = dueDate;
        From = from;
        ReplyTo = replyTo;
        SubjectTemplate = subjectTemplate;
        BodyTextTemplate = bodyTextTemplate;
        BodyHtmlTemplate = bodyHtmlTemplate;
        Items = items;
        Attachments = attachments;
        Fields = fields ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Source = source;
    }

    /// <summary>The RFQ number, e.g. <c>RFQ-2026-114</c>; the campaign key.</summary>
    public string Number { get; }

    /// <summary>Short title.</summary>
    public string Title { get; }

    /// <summary>When quotes are due, with an explicit offset.</summary>
    public DateTimeOffset DueDate { get; }

    /// <summary>The sender.</summary>
    public MailboxAddress From { get; }

    /// <summary>Where replies go, when not to <see cref="From"/>.</summary>
    public MailboxAddress? ReplyTo { get; }

    /// <summary>
    /// True: each delivery's Reply-To is the reply address (<see cref="ReplyTo"/>, else <see cref="From"/>)
    /// plus-addressed with the delivery's reference token, <c>local+&lt;token&gt;@domain</c>
    /// (<see cref="Responses.PlusAddressedReplyTo"/>), so a reply that kept nothing else still names its delivery.
    /// </summary>
    public bool PlusAddressReplies { get; init; }

    /// <summary>Subject template.</summary>
    public string SubjectTemplate { get; }

    /// <summary>Plain-text body template, or null.</summary>
    public string? BodyTextTemplate { get; }

    /// <summary>HTML body template, or null.</summary>
    public string? BodyHtmlTemplate { get; }

    /// <summary>Line items.</summary>
    public IReadOnlyList<LineItem> Items { get; }

    /// <summary>Files sent to every vendor.</summary>
    public IReadOnlyList<RfqAttachment> Attachments { get; }

    /// <summary>Extra keys of the RFQ definition, usable as <c>{{Rfq.Key}}</c>.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>The file the RFQ was loaded from, or null.</summary>
    public string? Source { get; }

    /// <summary>The templates of the RFQ's reminders (its file's <c>reminder:</c> section); null for the defaults.</summary>
    public RfqReminderTemplates? Reminder { get; init; }

    /// <summary>
    /// The quote sheets made for each vendor and attached to its message (pre-filled with the line items and a
    /// signed reference to the RFQ and vendor; read back when the vendor's reply returns them).
    /// </summary>
    public QuoteSheetKinds QuoteSheets { get; private set; }

    /// <summary>
    /// The same RFQ sent from another address (Send-Rfq -From): everything else is unchanged. A
    /// campaign that vendors received from the earlier sender counts it as a change of the RFQ.
    /// </summary>
    public Rfq WithFrom(MailboxAddress from) =>
        new(Number, Title, DueDate, from ?? throw new ArgumentNullException(nameof(from)), ReplyTo, SubjectTemplate, BodyTextTemplate, BodyHtmlTemplate, Items, Attachments, Fields, Source) { QuoteSheets = QuoteSheets, Reminder = Reminder, PlusAddressReplies = PlusAddressReplies };

    /// <summary>The same RFQ with each vendor's message carrying these quote sheets.</summary>
    /// <exception cref="ArgumentException">Quote sheets are asked for an RFQ without line items.</exception>
    public Rfq WithQuoteSheets(QuoteSheetKinds kinds)
    {
        if (kinds != QuoteSheetKinds.None && Items.Count == 0)
        {
            throw new ArgumentException($"The RFQ {Number} has no line items, so there is nothing to quote on a quote sheet.", nameof(kinds));
        }

        return new(Number, Title, DueDate, From, ReplyTo, SubjectTemplate, BodyTextTemplate, BodyHtmlTemplate, Items, Attachments, Fields, Source) { QuoteSheets = kinds, Reminder = Reminder, PlusAddressReplies = PlusAddressReplies };
    }

    /// <inheritdoc />
    public override string ToString() => $"{Number}: {Title}";
}
