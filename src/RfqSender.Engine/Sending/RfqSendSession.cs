using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>
/// One send run of one RFQ: validates the templates, encodes the attachments once, registers the
/// campaign, then sends vendors batch by batch (as they stream in from a pipeline, or everything
/// due in the store), recording each outcome as it happens and reporting one result per vendor.
/// </summary>
public sealed class RfqSendSession
{
    private readonly IDeliveryStore _store;
    private readonly IMessageTransport _transport;
    private readonly SendOptions _options;
    private readonly RfqMessageComposer _composer;
    private readonly TimeProvider _clock;
    private bool _registered;

    private RfqSendSession(Rfq rfq, IDeliveryStore store, IMessageTransport transport, SendOptions options, RfqMessageComposer composer, TimeProvider clock)
    {
        Rfq = rfq;
        _store = store;
        _transport = transport;
        _options = options;
        _composer = composer;
        _clock = clock;
    }

    /// <summary>The RFQ being sent.</summary>
    public Rfq Rfq { get; }

    /// <summary>Messages handed to the transport in this run (whatever their outcome).</summary>
    public int MessagesAttempted { get; private set; }

    /// <summary>True once <see cref="SendOptions.MaxMessages"/> messages were attempted.</summary>
    public bool LimitReached => _options.MaxMessages is int max && MessagesAttempted >= max;

    /// <summary>
    /// Prepares a run: checks options, templates and attachments (sizes, readability) before the
    /// store or the transport is touched.
    /// </summary>
    public static RfqSendSession Create(
        Rfq rfq,
        IDeliveryStore store,
        IMessageTransport transport,
        SendOptions? options = null,
        AttachmentLimits? attachmentLimits = null,
        TimeProvider? clock = null)
    {
        options ??= new SendOptions();
        options.Validate();
        var templates = RfqTemplates.From(rfq);
        var attachments = AttachmentPreparer.Prepare(rfq, attachmentLimits ?? new AttachmentLimits()).Attachments;
        var composer = new RfqMessageComposer(rfq, templates, attachments);
        return new RfqSendSession(rfq, store, transport, options, composer, clock ?? TimeProvider.System);
    }

    /// <summary>
    /// Checks every vendor against the templates (a Vendor field a template uses but the vendor
    /// lacks). Returns every problem; an empty list means all can be rendered.
    /// </summary>
    public IReadOnlyList<string> Validate(IEnumerable<Vendor> vendors) =>
        _composer.Validate(vendors);

    /// <summary>
    /// -WhatIf: what a send of these vendors would do, without writing to the store or sending.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryResult>> PreviewAsync(IReadOnlyList<Vendor> vendors, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(vendors);
        var existing = await ExistingAsync(vendors.Select(v => v.Key).ToList(), cancellationToken).ConfigureAwait(false);
        return vendors.Select(vendor =>
        {
            if (existing.TryGetValue(vendor.Key, out var record) && !IsDue(record))
            {
                return Result(record, SendAction.AlreadyDone, record.State, DescribeDone(record));
            }

            var preview = new DeliveryRecord
            {
                RfqNumber = Rfq.Number,
                VendorKey = vendor.Key,
                VendorName = vendor.Name,
                To = string.Join("; ", vendor.To.Select(c => c.Mailbox.Address)),
                Cc = string.Join("; ", vendor.Cc.Select(c => c.Mailbox.Address)),
                MessageId = MessageIdOf(vendor),
                State = record?.State ?? DeliveryState.Queued,
                Attempts = record?.Attempts ?? 0,
            };
            return Result(preview, SendAction.WouldSend, preview.State, $"would send through {_transport.Description}");
        }).ToList();
    }

    /// <summary>
    /// Sends one batch of vendors: registers them (idempotently), then sends those not yet sent.
    /// Each result is passed to <paramref name="onResult"/> as it happens. Nothing of the batch is
    /// registered or sent when a vendor in it fails template validation.
    /// </summary>
    public async Task SendVendorsAsync(IReadOnlyList<Vendor> vendors, Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        if (vendors.Count == 0)
        {
            return;
        }

        ThrowIfInvalid(vendors);
        await EnsureRegisteredAsync(cancellationToken).ConfigureAwait(false);
        await _store.RegisterVendorsAsync(Rfq.Number, vendors, MessageIdOf, cancellationToken).ConfigureAwait(false);

        var keys = vendors.Select(v => v.Key).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var handled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var offset = 0; offset < keys.Count; offset += _options.BatchSize)
        {
            var chunk = keys.Skip(offset).Take(_options.BatchSize).ToList();
            var claimed = await ClaimAsync(chunk, cancellationToken).ConfigureAwait(false);
            await SendClaimedAsync(claimed, onResult, cancellationToken).ConfigureAwait(false);
            handled.UnionWith(claimed.Select(c => c.Record.VendorKey));
        }

        var rest = keys.Where(k => !handled.Contains(k)).ToList();
        if (rest.Count > 0)
        {
            var existing = await ExistingAsync(rest, cancellationToken).ConfigureAwait(false);
            var byKey = vendors.GroupBy(v => v.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);
            foreach (var key in rest)
            {
                var record = existing[key];
                if (IsDue(record))
                {
                    onResult(Result(record, SendAction.NotSent, record.State, "not sent in this run: the per-run maximum of messages was reached"));
                    continue;
                }

                var result = Result(record, SendAction.AlreadyDone, record.State, DescribeDone(record));
                var unsent = UnsentContacts(byKey[key], record);
                if (unsent.Count > 0)
                {
                    result.UnsentContacts = string.Join("; ", unsent);
                    result.Detail += $"; contact(s) added since were not mailed: {result.UnsentContacts}";
                }

                onResult(result);
            }
        }
    }

    /// <summary>Sends every delivery of the campaign that is due (queued, or deferred and due), batch by batch.</summary>
    public async Task SendDueAsync(Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        await EnsureRegisteredAsync(cancellationToken).ConfigureAwait(false);
        while (!LimitReached)
        {
            var claimed = await ClaimAsync(null, cancellationToken).ConfigureAwait(false);
            if (claimed.Count == 0)
            {
                return;
            }

            await SendClaimedAsync(claimed, onResult, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureRegisteredAsync(CancellationToken cancellationToken)
    {
        if (_registered)
        {
            return;
        }

        await _store.RegisterCampaignAsync(Rfq, cancellationToken).ConfigureAwait(false);
        await _store.RecoverExpiredLeasesAsync(Rfq.Number, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        _registered = true;
    }

    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(IReadOnlyCollection<string>? keys, CancellationToken cancellationToken)
    {
        var max = _options.BatchSize;
        if (_options.MaxMessages is int limit)
        {
            max = Math.Min(max, limit - MessagesAttempted);
        }

        if (max <= 0)
        {
            return Array.Empty<ClaimedDelivery>();
        }

        var request = new ClaimRequest(Rfq.Number, _options.Owner, max, _options.Lease, _clock.GetUtcNow()) { VendorKeys = keys };
        return await _store.ClaimAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendClaimedAsync(IReadOnlyList<ClaimedDelivery> claimed, Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        for (var i = 0; i < claimed.Count; i++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await _store.ReleaseAsync(_options.Owner, claimed.Skip(i).Select(c => c.Record.Id).ToList(), CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (i > 0 && _options.DelayMs > 0)
            {
                try
                {
                    await Task.Delay(_options.DelayMs, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await _store.ReleaseAsync(_options.Owner, claimed.Skip(i).Select(c => c.Record.Id).ToList(), CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
            }

            DeliveryResult result;
            try
            {
                result = await SendOneAsync(claimed[i]).ConfigureAwait(false);
            }
            catch
            {
                // A transport that throws cannot send at all (authentication, certificate, access
                // denied): stop the run and give this and the remaining claims back untouched.
                await _store.ReleaseAsync(_options.Owner, claimed.Skip(i).Select(c => c.Record.Id).ToList(), CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            onResult(result);
        }
    }

    private async Task<DeliveryResult> SendOneAsync(ClaimedDelivery delivery)
    {
        OutgoingMessage message;
        try
        {
            message = _composer.Compose(delivery.Vendor, delivery.Record.MessageId, _clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is RfqSenderException or FormatException)
        {
            return await RecordAsync(delivery.Record, new DeliveryOutcome(DeliveryOutcomeKind.Permanent, ex.Message)).ConfigureAwait(false);
        }

        MessagesAttempted++;
        DeliveryOutcome outcome;
        try
        {
            // The in-flight message is not cancelled: stopping mid-transfer would turn a clean
            // outcome into an in-doubt one. The transport's own timeouts bound the wait.
            outcome = await _transport.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (MimeWriteException ex)
        {
            // The writer checks everything before its first byte: this message cannot be written
            // (e.g. an internationalised address the server cannot take); the vendor fails, the run
            // goes on. Any other exception means the transport cannot send at all and stops the run.
            outcome = new DeliveryOutcome(DeliveryOutcomeKind.Permanent, ex.Message);
        }

        return await RecordAsync(delivery.Record, outcome).ConfigureAwait(false);
    }

    private async Task<DeliveryResult> RecordAsync(DeliveryRecord record, DeliveryOutcome outcome)
    {
        var now = _clock.GetUtcNow();
        var (state, action) = outcome.Kind switch
        {
            DeliveryOutcomeKind.Sent => (DeliveryState.Sent, SendAction.Sent),
            DeliveryOutcomeKind.Transient when record.Attempts >= _options.MaxAttempts => (DeliveryState.Failed, SendAction.Failed),
            DeliveryOutcomeKind.Transient => (DeliveryState.Deferred, SendAction.Deferred),
            DeliveryOutcomeKind.InDoubt => (DeliveryState.InDoubt, SendAction.InDoubt),
            _ => (DeliveryState.Failed, SendAction.Failed),
        };
        var detail = outcome.Kind == DeliveryOutcomeKind.Transient && state == DeliveryState.Failed
            ? $"gave up after {record.Attempts} attempts: {outcome.Detail}"
            : outcome.Detail;
        var completion = new DeliveryCompletion(record.Id, _options.Owner, state, detail, now);
        if (state == DeliveryState.Deferred)
        {
            completion.NextAttemptAt = now + RetryDelay(record.Attempts, outcome.RetryAfter);
        }

        await _store.CompleteAsync(completion, CancellationToken.None).ConfigureAwait(false);
        record.NextAttemptAt = completion.NextAttemptAt;
        return Result(record, action, state, detail, now);
    }

    private TimeSpan RetryDelay(int attempts, TimeSpan? hint)
    {
        var exponential = TimeSpan.FromTicks(Math.Min(
            _options.RetryMaxDelay.Ticks,
            _options.RetryBaseDelay.Ticks * (1L << Math.Min(Math.Max(attempts - 1, 0), 20))));
        return hint is TimeSpan h && h > exponential ? h : exponential;
    }

    private async Task<Dictionary<string, DeliveryRecord>> ExistingAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var records = await _store.GetDeliveriesAsync(new DeliveryQuery(Rfq.Number) { VendorKeys = keys }, cancellationToken).ConfigureAwait(false);
        return records.ToDictionary(r => r.VendorKey, StringComparer.OrdinalIgnoreCase);
    }

    private void ThrowIfInvalid(IReadOnlyList<Vendor> vendors)
    {
        var errors = Validate(vendors);
        if (errors.Count > 0)
        {
            throw new RfqSenderException(
                $"The templates of {Rfq.Number} cannot be rendered for {errors.Count} vendor(s); nothing of this batch was sent:"
                + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors.Take(20))
                + (errors.Count > 20 ? $"{Environment.NewLine}  ... and {errors.Count - 20} more" : string.Empty));
        }
    }

    private string MessageIdOf(Vendor vendor) => MessageIdFactory.Create(Rfq.Number, vendor.Key, Rfq.From);

    private static IReadOnlyList<string> UnsentContacts(Vendor vendor, DeliveryRecord record)
    {
        var recorded = new HashSet<string>(
            (record.To + ";" + record.Cc).Split(';').Select(a => a.Trim()).Where(a => a.Length > 0),
            StringComparer.OrdinalIgnoreCase);
        return vendor.Contacts.Select(c => c.Mailbox.Address).Where(a => !recorded.Contains(a)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static bool IsDue(DeliveryRecord record) => record.State is DeliveryState.Queued or DeliveryState.Deferred;

    private static string DescribeDone(DeliveryRecord record) => record.State switch
    {
        DeliveryState.Sent => $"already sent {record.SentAt:u}",
        DeliveryState.Sending => $"being sent by {record.LeaseOwner}",
        _ => $"already {record.State.ToString().ToLowerInvariant()}" + (record.Detail is null ? string.Empty : ": " + record.Detail),
    };

    private DeliveryResult Result(DeliveryRecord record, SendAction action, DeliveryState state, string? detail, DateTimeOffset? at = null) => new()
    {
        RfqNumber = Rfq.Number,
        VendorKey = record.VendorKey,
        Vendor = record.VendorName,
        To = record.To,
        Cc = record.Cc,
        Action = action,
        State = state,
        Detail = detail,
        MessageId = record.MessageId,
        Attempts = record.Attempts,
        Timestamp = at ?? _clock.GetUtcNow(),
    };
}
