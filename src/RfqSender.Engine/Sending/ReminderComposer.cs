using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>
/// Makes the reminders of an RFQ: the <c>reminder:</c> templates (or the defaults) rendered for the vendor
/// like the RFQ's own, without the attachments (the vendor has them), with the reminder's own deterministic
/// Message-ID (<see cref="MessageIdFactory.CreateForReminder"/>) and threaded to the delivery's message
/// (<c>In-Reply-To</c> and <c>References</c>).
/// </summary>
internal sealed class ReminderComposer
{
    /// <summary>The subject of a reminder when the RFQ gives none: this, then the RFQ's subject.</summary>
    public const string DefaultSubjectPrefix = "Reminder: ";

    /// <summary>The text body of a reminder when the RFQ gives no reminder body.</summary>
    public const string DefaultBody =
        "This is a reminder of our request for quotation {{Rfq.Number}}: {{Rfq.Title}}.\n\n"
        + "We have not received your quote yet. Please send it by {{Rfq.DueDate}}, replying to our original message.\n\n"
        + "If you have sent it already, please disregard this reminder.\n";

    private readonly RfqMessageComposer _composer;

    private ReminderComposer(RfqMessageComposer composer) => _composer = composer;

    /// <summary>Parses the reminder templates of an RFQ.</summary>
    /// <exception cref="TemplateException">A reminder template has a syntax error.</exception>
    public static ReminderComposer Create(Rfq rfq, SendOptions options)
    {
        var given = rfq.Reminder;
        var subject = given?.Subject ?? DefaultSubjectPrefix + rfq.SubjectTemplate;
        var text = given?.Body;
        var html = given?.BodyHtml;
        if (text is null && html is null)
        {
            text = DefaultBody;
        }

        var reminder = new Rfq(rfq.Number, rfq.Title, rfq.DueDate, rfq.From, rfq.ReplyTo, subject, text, html, rfq.Items, Array.Empty<RfqAttachment>(), rfq.Fields, rfq.Source) { PlusAddressReplies = rfq.PlusAddressReplies };
        var templates = RfqTemplates.From(reminder);
        return new ReminderComposer(new RfqMessageComposer(reminder, templates, Array.Empty<EncodedAttachment>(), options.ArchiveCc, options.ArchiveBcc));
    }

    /// <summary>Every reason the reminders of these vendors cannot be made (template fields).</summary>
    public IReadOnlyList<string> Validate(IEnumerable<Vendor> vendors) => _composer.Validate(vendors);

    /// <summary>Reminder <paramref name="number"/> of the delivery whose message is <paramref name="deliveryMessageId"/>.</summary>
    /// <exception cref="RfqSenderException">The reminder cannot be made for this vendor.</exception>
    public OutgoingMessage Compose(Vendor vendor, string deliveryMessageId, int number, DateTimeOffset date, string? reference)
    {
        var made = _composer.Compose(vendor, MessageIdFactory.CreateForReminder(deliveryMessageId, number), date, reference);
        var thread = "<" + deliveryMessageId.Trim().TrimStart('<').TrimEnd('>') + ">";
        var headers = made.ExtraHeaders
            .Concat(new[]
            {
                new KeyValuePair<string, string>("In-Reply-To", thread),
                new KeyValuePair<string, string>("References", thread),
                new KeyValuePair<string, string>("X-RFQ-Reminder", number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            })
            .ToList();
        return new OutgoingMessage(made.MessageId, made.From, made.ReplyTo, made.To, made.Cc, made.Subject, made.TextBody, made.HtmlBody, made.Date, made.Attachments, headers)
        {
            Label = made.Label + $" reminder {number}",
            Bcc = made.Bcc,
            EnvelopeRecipients = made.EnvelopeRecipients,
        };
    }
}
