using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>
/// The first stage of a send: an RFQ made ready before any store or transport is touched. The
/// options are checked, the templates parsed, the attachments read and encoded once, and the
/// message of any vendor can be checked (<see cref="Validate"/>) and composed.
/// </summary>
public sealed class PreparedRfq : IDeliveryComposer
{
    private readonly RfqMessageComposer _composer;
    private readonly ReminderComposer _reminders;

    private PreparedRfq(Rfq rfq, SendOptions options, RfqTemplates templates, RfqMessageComposer composer, ReminderComposer reminders, RfqFingerprint fingerprint)
    {
        _reminders = reminders;
        Rfq = rfq;
        Options = options;
        Templates = templates;
        _composer = composer;
        Fingerprint = fingerprint;
    }

    /// <summary>The RFQ.</summary>
    public Rfq Rfq { get; }

    /// <summary>The options of the run, checked.</summary>
    public SendOptions Options { get; }

    /// <summary>The RFQ's parsed templates.</summary>
    public RfqTemplates Templates { get; }

    /// <summary>
    /// The store's secret for delivery reference tokens (<c>{{Delivery.Reference}}</c>), set when the run's
    /// store is opened; null renders the field empty (no store: a preview, -WhatIf).
    /// </summary>
    internal byte[]? ReferenceSecret { get; set; }

    /// <summary>What identifies this version of the RFQ (templates, attachments, sender).</summary>
    internal RfqFingerprint Fingerprint { get; }

    /// <summary>
    /// Checks options, templates and attachments (sizes, readability) and encodes the attachments.
    /// </summary>
    /// <exception cref="RfqSenderException">The RFQ's templates or attachments are invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static PreparedRfq Prepare(Rfq rfq, SendOptions? options = null, AttachmentLimits? attachmentLimits = null)
    {
        options ??= new SendOptions();
        options.Validate();
        var templates = RfqTemplates.From(rfq);
        var attachments = AttachmentPreparer.Prepare(rfq, attachmentLimits ?? new AttachmentLimits()).Attachments;
        var vendorAttachments = string.IsNullOrWhiteSpace(options.VendorAttachmentField)
            ? null
            : new VendorAttachments(options.VendorAttachmentField!.Trim(), attachments, attachmentLimits);
        var composer = new RfqMessageComposer(rfq, templates, attachments, options.ArchiveCc, options.ArchiveBcc, vendorAttachments);
        return new PreparedRfq(rfq, options, templates, composer, ReminderComposer.Create(rfq, options), RfqFingerprint.Of(rfq, attachments));
    }

    /// <summary>
    /// Every reason the messages of these vendors cannot be made (a Vendor field a template uses but
    /// the vendor lacks, a vendor's own attachment that cannot be read). Empty when all can.
    /// </summary>
    public IReadOnlyList<string> Validate(IEnumerable<Vendor> vendors) => _composer.Validate(vendors);

    /// <summary>What stops the message of this one vendor (template fields, its own attachments), without the RFQ-wide problems.</summary>
    public IEnumerable<string> CheckVendor(Vendor vendor) => _composer.CheckVendor(vendor);

    /// <summary>The Message-ID of a vendor's message: the same in every run, so a resend is recognisable.</summary>
    public string MessageIdOf(Vendor vendor) => MessageIdFactory.Create(Rfq.Number, vendor.Key, Rfq.From);

    /// <summary>
    /// The message of a claimed delivery: the RFQ, or, while the delivery has a reminder under way
    /// (<see cref="DeliveryRecord.ReminderPending"/>), that reminder, so a run that resumes a stopped
    /// reminder run sends the reminder and not the RFQ again.
    /// </summary>
    public OutgoingMessage Compose(ClaimedDelivery delivery, DateTimeOffset date)
    {
        var vendor = delivery.Vendor ?? throw new ArgumentException("The delivery's vendor cannot be read.", nameof(delivery));
        var reference = ReferenceSecret is { } secret && delivery.Record.Id > 0 ? Responses.DeliveryReference.Create(delivery.Record.Id, secret).Text : null;
        return delivery.Record.ReminderPending is int number
            ? _reminders.Compose(vendor, delivery.Record.MessageId, number, date, reference)
            : _composer.Compose(vendor, delivery.Record.MessageId, date, reference, ReferenceSecret);
    }

    /// <summary>Every reason the reminders of these vendors cannot be made (a field the reminder templates use that a vendor lacks).</summary>
    public IReadOnlyList<string> ValidateReminders(IEnumerable<Vendor> vendors) => _reminders.Validate(vendors);

    /// <summary>
    /// Checks vendors before they are registered or sent.
    /// </summary>
    /// <exception cref="VendorCheckException">Some vendors' messages cannot be made; it lists them.</exception>
    public void ThrowIfInvalid(IReadOnlyList<Vendor> vendors)
    {
        var errors = Validate(vendors);
        if (errors.Count > 0)
        {
            throw new VendorCheckException(
                $"The messages of {Rfq.Number} cannot be made for {errors.Count} vendor(s) (template fields, their attachments); nothing of this batch was sent:"
                + Environment.NewLine + ProblemList.Lines(errors),
                errors);
        }
    }
}
