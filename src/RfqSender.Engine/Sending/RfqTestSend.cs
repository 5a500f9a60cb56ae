using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>
/// Sends the real message of some vendors to test recipients instead of the vendors, through the
/// configured transport, for a look in a real mailbox before the campaign goes out. Nothing is
/// registered or recorded: no store is involved, and the vendors' deliveries stay as they are.
/// Each test message is marked (<see cref="RfqMessageRenderer.TestSubjectPrefix"/>,
/// <see cref="RfqMessageRenderer.TestHeader"/>) and has a Message-ID of its own.
/// </summary>
public sealed class RfqTestSend
{
    private readonly RfqMessageRenderer _renderer;
    private readonly IMessageTransport _transport;
    private readonly TimeProvider _clock;

    private RfqTestSend(RfqMessageRenderer renderer, IMessageTransport transport, IReadOnlyList<MailboxAddress> recipients, TimeProvider clock)
    {
        _renderer = renderer;
        _transport = transport;
        Recipients = recipients;
        _clock = clock;
    }

    /// <summary>The RFQ.</summary>
    public Rfq Rfq => _renderer.Rfq;

    /// <summary>Where the test messages go.</summary>
    public IReadOnlyList<MailboxAddress> Recipients { get; }

    /// <summary>The transport's description.</summary>
    public string TransportDescription => _transport.Description;

    /// <summary>Prepares a test send: checks the RFQ's templates and attachments and the test recipients.</summary>
    /// <param name="rfq">The RFQ.</param>
    /// <param name="transport">The transport a real send would use; the caller disposes it.</param>
    /// <param name="recipients">Test addresses; each text may hold several, separated by <c>;</c> or <c>,</c>.</param>
    /// <param name="attachmentLimits">Attachment limits; null for the defaults.</param>
    /// <param name="clock">The clock for Date headers; null for the system's.</param>
    /// <exception cref="RfqSenderException">No recipient, an address that is not valid, or an RFQ that cannot be rendered.</exception>
    /// <param name="vendorAttachmentField">A vendor column of files that vendor gets too; null for none.</param>
    public static RfqTestSend Create(Rfq rfq, IMessageTransport transport, IEnumerable<string> recipients, AttachmentLimits? attachmentLimits = null, TimeProvider? clock = null, string? vendorAttachmentField = null)
    {
        if (transport is null)
        {
            throw new ArgumentNullException(nameof(transport));
        }

        var addresses = ParseRecipients(recipients);
        return new RfqTestSend(RfqMessageRenderer.Create(rfq, attachmentLimits, vendorAttachmentField), transport, addresses, clock ?? TimeProvider.System);
    }

    /// <summary>Reads test recipients: each text may hold several addresses separated by <c>;</c> or <c>,</c>.</summary>
    /// <exception cref="RfqSenderException">None is given, or one is not an e-mail address.</exception>
    public static IReadOnlyList<MailboxAddress> ParseRecipients(IEnumerable<string>? recipients)
    {
        var addresses = new List<MailboxAddress>();
        foreach (var text in (recipients ?? Array.Empty<string>()).SelectMany(AddressListSplitter.Split))
        {
            if (!MailboxAddress.TryParse(text, out var address, out var error))
            {
                throw new RfqSenderException(FailureKind.InvalidInput, $"The test recipient '{Messages.HeaderText.Sanitize(text)}' is not an e-mail address: {error}.");
            }

            if (!addresses.Contains(address))
            {
                addresses.Add(address);
            }
        }

        if (addresses.Count == 0)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, "A test send needs at least one test recipient (-TestRecipient, --test-recipient).");
        }

        return addresses;
    }

    /// <summary>Every field a template uses that one of the vendors lacks; empty when all render.</summary>
    public IReadOnlyList<string> Validate(IEnumerable<Vendor> vendors) => _renderer.Validate(vendors);

    /// <summary>The test message of a vendor, as <see cref="SendAsync"/> would send it.</summary>
    public OutgoingMessage Compose(Vendor vendor) => _renderer.ComposeTest(vendor, Recipients, _clock.GetUtcNow());

    /// <summary>
    /// Sends the vendor's message to the test recipients. A message the transport refuses is a
    /// result (not sent, with the transport's words), not an exception.
    /// </summary>
    /// <exception cref="RfqSenderException">The vendor cannot be rendered, or the transport cannot send at all (credentials, certificate, server unreachable).</exception>
    public async Task<TestSendResult> SendAsync(Vendor vendor, CancellationToken cancellationToken)
    {
        var message = Compose(vendor);
        TransportOutcome outcome;
        try
        {
            outcome = await _transport.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (MimeWriteException ex)
        {
            outcome = new TransportOutcome(TransportOutcomeKind.Permanent, ex.Message);
        }

        var detail = outcome.Detail;
        if (outcome.RefusedRecipients is { } refused)
        {
            detail = (detail is null ? string.Empty : detail + "; ") + "refused: " + refused;
        }

        return new TestSendResult
        {
            RfqNumber = Rfq.Number,
            VendorKey = vendor.Key,
            Vendor = vendor.Name,
            SentTo = string.Join("; ", Recipients.Select(r => r.Address)),
            VendorRecipients = string.Join("; ", vendor.To.Concat(vendor.Cc).Select(c => c.Email)),
            Subject = message.Subject,
            MessageId = message.MessageId,
            Outcome = outcome.Kind,
            Detail = detail,
            Timestamp = _clock.GetUtcNow(),
        };
    }
}
