using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>Renders the message of one vendor from the RFQ's parsed templates and its encoded-once attachments.</summary>
internal sealed class RfqMessageComposer
{
    private readonly Rfq _rfq;
    private readonly RfqTemplates _templates;
    private readonly IReadOnlyList<EncodedAttachment> _attachments;
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly IReadOnlyList<MailboxAddress> _archiveCc;
    private readonly IReadOnlyList<MailboxAddress> _archiveBcc;
    private readonly VendorAttachments? _vendorAttachments;
    private readonly QuoteSheetAttachments _quoteSheets;

    public RfqMessageComposer(Rfq rfq, RfqTemplates templates, IReadOnlyList<EncodedAttachment> attachments, IReadOnlyList<MailboxAddress>? archiveCc = null, IReadOnlyList<MailboxAddress>? archiveBcc = null, VendorAttachments? vendorAttachments = null)
    {
        _vendorAttachments = vendorAttachments;
        _quoteSheets = new QuoteSheetAttachments(rfq);
        _archiveCc = archiveCc ?? Array.Empty<MailboxAddress>();
        _archiveBcc = archiveBcc ?? Array.Empty<MailboxAddress>();
        _rfq = rfq;
        _templates = templates;
        _attachments = attachments;
        _headers = new[] { new KeyValuePair<string, string>("X-RFQ-Number", rfq.Number) };
    }

    /// <summary>Every field a template uses that the RFQ or one of the vendors lacks.</summary>
    public IReadOnlyList<string> Validate(IEnumerable<Vendor> vendors)
    {
        var list = vendors as IReadOnlyCollection<Vendor> ?? vendors.ToList();
        var problems = _templates.Check(list).Select(e => e.ToString()).ToList();
        if (_vendorAttachments is not null)
        {
            problems.AddRange(list.SelectMany(_vendorAttachments.Check));
        }

        return problems;
    }

    /// <summary>What stops the message of this one vendor (its template fields, its own attachments); RFQ-wide problems are left out.</summary>
    public IEnumerable<string> CheckVendor(Vendor vendor)
    {
        var problems = _templates.Check(vendor).Where(e => e.Vendor is not null).Select(e => e.ToString());
        return _vendorAttachments is null ? problems : problems.Concat(_vendorAttachments.Check(vendor));
    }

    /// <summary>
    /// The message of a vendor; <paramref name="reference"/> is its delivery's token for <c>{{Delivery.Reference}}</c>, or null
    /// when it has none; <paramref name="storeSecret"/> signs the quote sheets the RFQ asks for (null: a preview's own secret).
    /// </summary>
    public OutgoingMessage Compose(Vendor vendor, string messageId, DateTimeOffset date, string? reference = null, byte[]? storeSecret = null)
    {
        var to = vendor.To.ToList();
        if (to.Count == 0)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"Vendor '{vendor.Name}' [{vendor.Key}] has no To contact.");
        }

        var context = TemplateContext.For(_rfq, vendor, to[0], reference);
        var toMailboxes = to.Select(c => c.Mailbox).ToList();
        var cc = vendor.Cc.Select(c => c.Mailbox).Concat(_archiveCc).Distinct().Where(a => !toMailboxes.Contains(a)).ToList();
        return new OutgoingMessage(
            messageId,
            _rfq.From,
            _rfq.PlusAddressReplies && reference is not null ? Responses.PlusAddressedReplyTo.For(_rfq.ReplyTo ?? _rfq.From, reference) : _rfq.ReplyTo,
            toMailboxes,
            cc,
            _templates.RenderSubject(context),
            _templates.RenderText(context),
            _templates.RenderHtml(context),
            date,
            WithQuoteSheets(_vendorAttachments?.For(vendor) ?? _attachments, vendor, storeSecret),
            _headers)
        {
            Label = $"{_rfq.Number} - {vendor.Name} [{vendor.Key}]",
            Bcc = _archiveBcc.Where(a => !toMailboxes.Contains(a) && !cc.Contains(a)).ToList(),
        };
    }

    private IReadOnlyList<EncodedAttachment> WithQuoteSheets(IReadOnlyList<EncodedAttachment> attachments, Vendor vendor, byte[]? secret)
    {
        var sheets = _quoteSheets.For(vendor, secret);
        return sheets.Count == 0 ? attachments : attachments.Concat(sheets).ToList();
    }
}
