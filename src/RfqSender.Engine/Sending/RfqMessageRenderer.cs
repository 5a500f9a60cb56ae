using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>
/// Renders the messages of an RFQ without sending or recording anything: the exact message a vendor
/// would get (the composer a send uses, the vendor's Message-ID, the attachments encoded once), and
/// a test message of it for a test recipient. Create it once per RFQ and render many vendors.
/// </summary>
public sealed class RfqMessageRenderer
{
    /// <summary>Put in front of a test message's subject.</summary>
    public const string TestSubjectPrefix = "[TEST] ";

    /// <summary>The header every test message carries, with the value <c>1</c>.</summary>
    public const string TestHeader = "X-RfqSender-Test";

    /// <summary>The header of a test message that names the vendor whose message it is, and that vendor's recipients.</summary>
    public const string TestVendorHeader = "X-RfqSender-Test-Vendor";

    private readonly RfqTemplates _templates;
    private readonly RfqMessageComposer _composer;
    private readonly MimeMessageWriter _writer = new(MimeWriterOptions.Default);

    private RfqMessageRenderer(Rfq rfq, RfqTemplates templates, RfqMessageComposer composer)
    {
        Rfq = rfq;
        _templates = templates;
        _composer = composer;
    }

    /// <summary>The RFQ rendered.</summary>
    public Rfq Rfq { get; }

    /// <summary>Checks the RFQ's templates and reads and encodes its attachments (within the limits), as a send does first.</summary>
    /// <exception cref="RfqSenderException">A template is invalid, or an attachment cannot be read or is too large.</exception>
    /// <param name="rfq">The RFQ.</param>
    /// <param name="attachmentLimits">Attachment limits; null for the defaults.</param>
    /// <param name="vendorAttachmentField">A vendor column of files that vendor gets too (<see cref="SendOptions.VendorAttachmentField"/>); null for none.</param>
    /// <param name="archiveCc">Cc addresses every message also carries (<see cref="SendOptions.ArchiveCc"/>).</param>
    /// <param name="archiveBcc">Bcc addresses every message also goes to (<see cref="SendOptions.ArchiveBcc"/>).</param>
    public static RfqMessageRenderer Create(Rfq rfq, AttachmentLimits? attachmentLimits = null, string? vendorAttachmentField = null, IReadOnlyList<MailboxAddress>? archiveCc = null, IReadOnlyList<MailboxAddress>? archiveBcc = null)
    {
        if (rfq is null)
        {
            throw new ArgumentNullException(nameof(rfq));
        }

        var templates = RfqTemplates.From(rfq);
        var attachments = AttachmentPreparer.Prepare(rfq, attachmentLimits ?? new AttachmentLimits()).Attachments;
        var vendorAttachments = string.IsNullOrWhiteSpace(vendorAttachmentField) ? null : new VendorAttachments(vendorAttachmentField!.Trim(), attachments, attachmentLimits);
        return new RfqMessageRenderer(rfq, templates, new RfqMessageComposer(rfq, templates, attachments, archiveCc, archiveBcc, vendorAttachments));
    }

    /// <summary>Every field a template uses that the RFQ or one of the vendors lacks; empty when all render.</summary>
    public IReadOnlyList<string> Validate(IEnumerable<Vendor> vendors) => _composer.Validate(vendors);

    /// <summary>The message the vendor gets, with the Message-ID of its delivery.</summary>
    /// <exception cref="RfqSenderException">The vendor has no To contact, or a template field is missing.</exception>
    public OutgoingMessage Compose(Vendor vendor, DateTimeOffset date)
    {
        ThrowIfInvalid(vendor);
        return _composer.Compose(vendor, MessageIdFactory.Create(Rfq.Number, vendor.Key, Rfq.From), date);
    }

    /// <summary>
    /// The vendor's message as a test for <paramref name="recipients"/>: the same subject (after
    /// <see cref="TestSubjectPrefix"/>), bodies and attachments, addressed only to the test
    /// recipients (no Cc), marked with <see cref="TestHeader"/> and <see cref="TestVendorHeader"/>, and
    /// with a Message-ID of its own, so it cannot be taken for the vendor's delivery (threading,
    /// de-duplication) when the real message goes out later.
    /// </summary>
    public OutgoingMessage ComposeTest(Vendor vendor, IReadOnlyList<MailboxAddress> recipients, DateTimeOffset date)
    {
        if (recipients is null || recipients.Count == 0)
        {
            throw new ArgumentException("A test message needs at least one test recipient.", nameof(recipients));
        }

        var real = Compose(vendor, date);
        var copied = string.Join("; ", real.Cc.Select(a => a.Address));
        var headers = real.ExtraHeaders
            .Concat(new[]
            {
                new KeyValuePair<string, string>(TestHeader, "1"),
                new KeyValuePair<string, string>(TestVendorHeader, $"{vendor.Name} [{vendor.Key}]; To: {string.Join("; ", real.To.Select(a => a.Address))}" + (copied.Length > 0 ? $"; Cc: {copied}" : string.Empty)),
            })
            .ToList();
        return new OutgoingMessage(
            MessageIdFactory.CreateForTest(real.From),
            real.From,
            real.ReplyTo,
            recipients,
            Array.Empty<MailboxAddress>(),
            TestSubjectPrefix + real.Subject,
            real.TextBody,
            real.HtmlBody,
            date,
            real.Attachments,
            headers)
        {
            Label = "[TEST] " + real.Label,
        };
    }

    /// <summary>
    /// Renders the vendor's message for review and, when <paramref name="path"/> is given, writes it
    /// there as an <c>.eml</c> file, byte for byte as the pickup folder writes it. A path that is an
    /// existing folder gets a file named as the pickup folder names it.
    /// </summary>
    /// <exception cref="RfqSenderException">The message cannot be rendered or written; the message says why.</exception>
    public RfqMessage Preview(Vendor vendor, DateTimeOffset date, string? path = null)
    {
        var message = Compose(vendor, date);
        return Describe(message, vendor, path);
    }

    /// <summary>Describes a composed message (e.g. from <see cref="ComposeTest"/>) and optionally writes it as an <c>.eml</c> file.</summary>
    public RfqMessage Describe(OutgoingMessage message, Vendor vendor, string? path = null)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        long size;
        try
        {
            using var counter = new MemoryStream();
            _writer.Write(message, counter);
            size = counter.Length;
            if (!string.IsNullOrWhiteSpace(path))
            {
                path = Directory.Exists(path) ? new PickupFolderTransport(path!).PathFor(message) : Path.GetFullPath(path!);
                WriteFile(path!, counter);
            }
        }
        catch (MimeWriteException ex)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The message of '{vendor.Name}' [{vendor.Key}] cannot be written: {ex.Message}", ex);
        }

        return new RfqMessage
        {
            RfqNumber = Rfq.Number,
            VendorKey = vendor.Key,
            VendorName = vendor.Name,
            Subject = message.Subject,
            From = message.From.ToString(),
            To = string.Join("; ", message.To),
            Cc = string.Join("; ", message.Cc),
            Bcc = string.Join("; ", message.Bcc),
            ReplyTo = message.ReplyTo?.ToString(),
            MessageId = message.MessageId,
            Date = message.Date,
            Headers = message.ExtraHeaders.Select(h => h.Key + ": " + h.Value).ToList(),
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            Attachments = message.Attachments.Select(a => new RfqMessageAttachment(a.FileName, a.ContentType, a.Length)).ToList(),
            Size = size,
            Path = string.IsNullOrWhiteSpace(path) ? null : path,
        };
    }

    private static void WriteFile(string path, MemoryStream content)
    {
        try
        {
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
            content.Position = 0;
            content.CopyTo(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new RfqSenderException($"Cannot write '{path}': {ex.Message}", ex);
        }
    }

    private void ThrowIfInvalid(Vendor vendor)
    {
        if (vendor is null)
        {
            throw new ArgumentNullException(nameof(vendor));
        }

        _templates.Validate(vendor);
    }
}
