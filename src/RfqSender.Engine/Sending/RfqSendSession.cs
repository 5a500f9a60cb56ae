using Polly;
using Polly.Retry;
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
    private readonly IReadOnlyList<IMessageTransport> _transports;
    private readonly SendOptions _options;
    private readonly RfqMessageComposer _composer;
    private readonly TimeProvider _clock;
    private readonly ResiliencePipeline<DeliveryOutcome> _retry;
    private readonly object _resultGate = new();
    private SlidingWindowRateLimiter? _perMinute;
    private SlidingWindowRateLimiter? _perDay;
    private bool _registered;
    private int _messagesAttempted;
    private DateTimeOffset _noticedUntil = DateTimeOffset.MinValue;

    private readonly RfqFingerprint _fingerprint;
    private int? _version;
    private string? _inputSource;
    private DateTimeOffset? _inputStarted;
    private int _inputRegistered;

    private RfqSendSession(Rfq rfq, IDeliveryStore store, IReadOnlyList<IMessageTransport> transports, SendOptions options, RfqMessageComposer composer, RfqFingerprint fingerprint, TimeProvider clock)
    {
        Rfq = rfq;
        _fingerprint = fingerprint;
        _store = store;
        _transports = transports;
        _options = options;
        _composer = composer;
        _clock = clock;
        _retry = BuildRetry(options, clock);
    }

    /// <summary>The RFQ being sent.</summary>
    public Rfq Rfq { get; }

    /// <summary>What starting the run recovered from stopped senders; null until the first send.</summary>
    public RecoveryResult? Recovery { get; private set; }

    /// <summary>Messages handed to the transport in this run (whatever their outcome).</summary>
    public int MessagesAttempted => Volatile.Read(ref _messagesAttempted);

    /// <summary>How long rate limits made this run wait, in total.</summary>
    public TimeSpan RateLimitWait { get; private set; }

    /// <summary>True once <see cref="SendOptions.MaxMessages"/> messages were attempted, or a rate limit ended the run.</summary>
    public bool LimitReached => (_options.MaxMessages is int max && MessagesAttempted >= max) || RateLimitedUntil is not null;

    /// <summary>
    /// When a rate limit would have made this run wait longer than half a claim's lease, the run
    /// stops instead of holding its claims; this says when the next message may go.
    /// </summary>
    public DateTimeOffset? RateLimitedUntil { get; private set; }

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
        return Create(rfq, store, Enumerable.Repeat(transport, options.Concurrency).ToList(), options, attachmentLimits, clock);
    }

    /// <summary>
    /// Prepares a run that sends over several transports at once, one message at a time on each
    /// (several SMTP connections; the same instance repeated for a transport safe to share).
    /// </summary>
    public static RfqSendSession Create(
        Rfq rfq,
        IDeliveryStore store,
        IReadOnlyList<IMessageTransport> transports,
        SendOptions? options = null,
        AttachmentLimits? attachmentLimits = null,
        TimeProvider? clock = null)
    {
        options ??= new SendOptions();
        options.Validate();
        if (transports.Count == 0)
        {
            throw new ArgumentException("At least one transport is needed.", nameof(transports));
        }

        var templates = RfqTemplates.From(rfq);
        var attachments = AttachmentPreparer.Prepare(rfq, attachmentLimits ?? new AttachmentLimits()).Attachments;
        var vendorAttachments = string.IsNullOrWhiteSpace(options.VendorAttachmentField)
            ? null
            : new VendorAttachments(options.VendorAttachmentField!.Trim(), attachments, attachmentLimits);
        var composer = new RfqMessageComposer(rfq, templates, attachments, options.ArchiveCc, options.ArchiveBcc, vendorAttachments);
        return new RfqSendSession(rfq, store, transports, options, composer, RfqFingerprint.Of(rfq, attachments), clock ?? TimeProvider.System);
    }

    /// <summary>
    /// Receives a line when the run has to wait noticeably (a rate limit holds the next message back
    /// for more than a second), so a front end can say why nothing seems to happen. Called from the
    /// sending threads; null for none.
    /// </summary>
    public Action<string>? Notice { get; set; }

    /// <summary>The limiters' waits; tests replace it to move a fake clock instead of sleeping.</summary>
    internal Func<TimeSpan, CancellationToken, Task>? RateLimitDelay { get; set; }

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
        await CheckVersionAsync(cancellationToken).ConfigureAwait(false);
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
            return Result(preview, SendAction.WouldSend, preview.State, $"would send through {_transports[0].Description}");
        }).ToList();
    }

    /// <summary>
    /// The states a send of everything due takes up: Queued and Deferred, and InDoubt and Failed
    /// when the options say to send those again.
    /// </summary>
    public IReadOnlyList<DeliveryState> DueStates
    {
        get
        {
            var states = new List<DeliveryState> { DeliveryState.Queued, DeliveryState.Deferred };
            if (_options.InDoubt == InDoubtPolicy.Resend)
            {
                states.Add(DeliveryState.InDoubt);
            }

            if (_options.RetryFailed)
            {
                states.Add(DeliveryState.Failed);
            }

            return states;
        }
    }

    /// <summary>
    /// -WhatIf without vendors: what a send of everything due in the store would do (Queued and
    /// Deferred deliveries; InDoubt and Failed ones too when the options say to send them again),
    /// without writing to the store or sending.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryResult>> PreviewDueAsync(CancellationToken cancellationToken)
    {
        await CheckVersionAsync(cancellationToken).ConfigureAwait(false);
        var due = await _store.GetDeliveriesAsync(new DeliveryQuery(Rfq.Number) { States = DueStates }, cancellationToken).ConfigureAwait(false);
        return due.Select(record => Result(record, SendAction.WouldSend, record.State, $"would send through {_transports[0].Description}")).ToList();
    }

    /// <summary>
    /// Sends one batch of vendors: registers them (idempotently), then sends those not yet sent.
    /// Each result is passed to <paramref name="onResult"/> as it happens. Nothing of the batch is
    /// registered or sent when a vendor in it fails template validation.
    /// </summary>
    public Task SendVendorsAsync(IReadOnlyList<Vendor> vendors, Action<DeliveryResult> onResult, CancellationToken cancellationToken) =>
        SendVendorsAsync(vendors, register: true, onResult, cancellationToken);

    /// <summary>
    /// Registers a whole vendor list before anything of it is sent (a vendor file), batch by batch,
    /// with the campaign's input marked open until the last batch is in: a run stopped or killed
    /// part way leaves the campaign saying its input is incomplete, instead of looking finished.
    /// Then send the same batches with <see cref="SendRegisteredVendorsAsync"/>.
    /// </summary>
    /// <returns>The number of vendors registered.</returns>
    public async Task<int> RegisterAllAsync(IEnumerable<IReadOnlyList<Vendor>> batches, string source, CancellationToken cancellationToken)
    {
        await EnsureRegisteredAsync(cancellationToken).ConfigureAwait(false);
        var started = _clock.GetUtcNow();
        var registered = 0;
        await _store.SetInputOpenAsync(Rfq.Number, InputNote(source, started, 0), cancellationToken).ConfigureAwait(false);
        foreach (var batch in batches)
        {
            ThrowIfInvalid(batch);
            await _store.RegisterVendorsAsync(Rfq.Number, batch, MessageIdOf, cancellationToken).ConfigureAwait(false);
            registered += batch.Count;
            await _store.SetInputOpenAsync(Rfq.Number, InputNote(source, started, registered), cancellationToken).ConfigureAwait(false);
        }

        await _store.SetInputOpenAsync(Rfq.Number, null, CancellationToken.None).ConfigureAwait(false);
        return registered;
    }

    /// <summary>
    /// Marks the campaign's input as arriving from a stream (a pipeline) whose end is not known yet;
    /// each batch sent through <see cref="SendVendorsAsync(IReadOnlyList{Vendor}, Action{DeliveryResult}, CancellationToken)"/> is counted, and <see cref="CompleteInputAsync"/> says all of it is registered.
    /// </summary>
    public async Task BeginInputAsync(string source, CancellationToken cancellationToken)
    {
        await EnsureRegisteredAsync(cancellationToken).ConfigureAwait(false);
        _inputSource = source;
        _inputStarted = _clock.GetUtcNow();
        await _store.SetInputOpenAsync(Rfq.Number, InputNote(source, _inputStarted.Value, 0), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records that the whole input of this run is registered.</summary>
    public async Task CompleteInputAsync(CancellationToken cancellationToken)
    {
        if (_inputSource is not null)
        {
            await _store.SetInputOpenAsync(Rfq.Number, null, cancellationToken).ConfigureAwait(false);
            _inputSource = null;
        }
    }

    /// <summary>Vendors of this run's input registered so far (streamed input).</summary>
    public int InputRegistered => _inputRegistered;

    /// <summary>Sends vendors that <see cref="RegisterAllAsync"/> registered, without registering them again.</summary>
    public Task SendRegisteredVendorsAsync(IReadOnlyList<Vendor> vendors, Action<DeliveryResult> onResult, CancellationToken cancellationToken) =>
        SendVendorsAsync(vendors, register: false, onResult, cancellationToken);

    private static string InputNote(string source, DateTimeOffset started, int registered) =>
        $"{source} started {started:u} had registered {registered} vendor(s) when it stopped; the rest of its input was never registered. "
        + "Run it again with the whole vendor list: vendors already sent are not mailed twice.";

    private async Task SendVendorsAsync(IReadOnlyList<Vendor> vendors, bool register, Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        if (vendors.Count == 0)
        {
            return;
        }

        ThrowIfInvalid(vendors);
        await EnsureRegisteredAsync(cancellationToken).ConfigureAwait(false);
        if (register)
        {
            await _store.RegisterVendorsAsync(Rfq.Number, vendors, MessageIdOf, cancellationToken).ConfigureAwait(false);
            if (_inputSource is not null)
            {
                _inputRegistered += vendors.Count;
                await _store.SetInputOpenAsync(Rfq.Number, InputNote(_inputSource, _inputStarted!.Value, _inputRegistered), cancellationToken).ConfigureAwait(false);
            }
        }

        var keys = vendors.Select(v => v.Key).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var handled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var offset = 0; offset < keys.Count; offset += _options.BatchSize)
        {
            var chunk = keys.GetRange(offset, Math.Min(_options.BatchSize, keys.Count - offset));
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
                    onResult(Result(record, SendAction.NotSent, record.State, LimitReason()));
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

    /// <summary>
    /// What the campaign still has to do after this run: deliveries Queued, Deferred, InDoubt or
    /// still Sending (another sender's, or a stopped run's), by state. Empty when the campaign is done.
    /// </summary>
    public async Task<IReadOnlyDictionary<DeliveryState, int>> GetOutstandingAsync(CancellationToken cancellationToken)
    {
        var campaigns = await _store.GetCampaignsAsync(Rfq.Number, cancellationToken).ConfigureAwait(false);
        var counts = campaigns.FirstOrDefault()?.Counts ?? new Dictionary<DeliveryState, int>();
        return counts
            .Where(c => c.Value > 0 && c.Key is DeliveryState.Queued or DeliveryState.Deferred or DeliveryState.InDoubt or DeliveryState.Sending)
            .OrderBy(c => c.Key)
            .ToDictionary(c => c.Key, c => c.Value);
    }

    /// <summary>
    /// Registers the campaign and settles what earlier runs left: recovers the claims of stopped
    /// senders and requeues in-doubt or failed deliveries as the options ask. Sending does this
    /// itself; call it first to count what is due.
    /// </summary>
    public Task PrepareAsync(CancellationToken cancellationToken) => EnsureRegisteredAsync(cancellationToken);

    private async Task EnsureRegisteredAsync(CancellationToken cancellationToken)
    {
        if (_registered)
        {
            return;
        }

        var version = await CheckVersionAsync(cancellationToken).ConfigureAwait(false);
        await _store.RegisterCampaignAsync(Rfq, _fingerprint.Text, version, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        Recovery = await _store.RecoverAbandonedAsync(Rfq.Number, now, SenderIdentity.IsDeadLocalProcess, cancellationToken).ConfigureAwait(false);
        var requeue = new List<DeliveryState>();
        if (_options.InDoubt == InDoubtPolicy.Resend)
        {
            requeue.Add(DeliveryState.InDoubt);
        }

        if (_options.RetryFailed)
        {
            requeue.Add(DeliveryState.Failed);
        }

        await _store.RequeueAsync(Rfq.Number, requeue, cancellationToken).ConfigureAwait(false);
        var delay = RateLimitDelay ?? ((wait, token) => DelayAsync(wait, token));
        if (_options.RatePerMinute is int perMinute)
        {
            _perMinute = new SlidingWindowRateLimiter(perMinute, TimeSpan.FromMinutes(1), _clock, delay);
            _perMinute.Seed((await _store.GetRecentSendsAsync(now.AddMinutes(-1), cancellationToken).ConfigureAwait(false)).Select(s => (s.SentAt, 1)));
        }

        if (_options.RatePerDay is int perDay)
        {
            _perDay = new SlidingWindowRateLimiter(perDay, TimeSpan.FromDays(1), _clock, delay);
            _perDay.Seed(await _store.GetRecentSendsAsync(now.AddDays(-1), cancellationToken).ConfigureAwait(false));
        }

        _registered = true;
    }

    /// <summary>
    /// The version this run sends: the registered one when the RFQ is unchanged, the next one when it
    /// changed and the change is allowed (or nobody received the earlier one yet).
    /// </summary>
    /// <exception cref="RfqChangedException">The RFQ changed since vendors received it, and the change is not allowed.</exception>
    private async Task<int> CheckVersionAsync(CancellationToken cancellationToken)
    {
        if (_version is int known)
        {
            return known;
        }

        var registered = await _store.GetCampaignVersionAsync(Rfq.Number, cancellationToken).ConfigureAwait(false);
        var version = 1;
        if (registered is not null)
        {
            var changed = registered.Fingerprint is null ? Array.Empty<string>() : _fingerprint.ChangedSince(registered.Fingerprint);
            version = registered.Version;
            if (changed.Count > 0 && registered.Received > 0)
            {
                if (!_options.AllowChangedRfq)
                {
                    throw new RfqChangedException(Rfq.Number, changed, registered.Version, registered.Received);
                }

                version++;
            }
        }

        _version = version;
        return version;
    }

    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(IReadOnlyCollection<string>? keys, CancellationToken cancellationToken)
    {
        var max = _options.BatchSize;
        if (_options.MaxMessages is int limit)
        {
            max = Math.Min(max, limit - MessagesAttempted);
        }

        if (_options.RatePerMinute is int perMinute)
        {
            // Claim no more than can go out while the claim holds.
            max = Math.Min(max, Math.Max(_options.Concurrency, (int)(perMinute * _options.Lease.TotalMinutes / 2)));
        }

        if (max <= 0 || RateLimitedUntil is not null)
        {
            return Array.Empty<ClaimedDelivery>();
        }

        var request = new ClaimRequest(Rfq.Number, _options.Owner, max, _options.Lease, _clock.GetUtcNow()) { VendorKeys = keys };
        return await _store.ClaimAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendClaimedAsync(IReadOnlyList<ClaimedDelivery> claimed, Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        var queue = new Queue<ClaimedDelivery>(claimed);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = _transports.Take(Math.Min(_transports.Count, claimed.Count))
            .Select(transport => Task.Run(() => WorkAsync(transport, queue, onResult, stop), CancellationToken.None))
            .ToList();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            // Whatever was claimed and not handed over (stopped, failed transport) goes back untouched;
            // the store only releases deliveries that are still claimed by us and not in flight.
            await _store.ReleaseAsync(_options.Owner, claimed.Select(c => c.Record.Id).ToList(), CancellationToken.None).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();

        // A limit that ended the run left claimed deliveries unsent: each still gets its result, with
        // the state the release gave it back.
        foreach (var left in queue)
        {
            onResult(NotSentResult(left.Record, LimitReason()));
        }
    }

    private string LimitReason() => RateLimitedUntil is DateTimeOffset until
        ? $"not sent in this run: the rate limit allows the next message at {until:u}; run again then"
        : "not sent in this run: the per-run maximum of messages was reached";

    /// <summary>The result of a claimed delivery handed back unsent: the state and attempts the release restored.</summary>
    private DeliveryResult NotSentResult(DeliveryRecord claimed, string detail)
    {
        var result = Result(claimed, SendAction.NotSent, claimed.Attempts > 1 ? DeliveryState.Deferred : DeliveryState.Queued, detail);
        result.Attempts = Math.Max(claimed.Attempts - 1, 0);
        return result;
    }

    private async Task WorkAsync(IMessageTransport transport, Queue<ClaimedDelivery> queue, Action<DeliveryResult> onResult, CancellationTokenSource stop)
    {
        var first = true;
        try
        {
            while (!stop.IsCancellationRequested && RateLimitedUntil is null)
            {
                ClaimedDelivery delivery;
                lock (queue)
                {
                    if (queue.Count == 0)
                    {
                        return;
                    }

                    delivery = queue.Dequeue();
                }

                if (!first && _options.DelayMs > 0)
                {
                    await Task.Delay(_options.DelayMs, stop.Token).ConfigureAwait(false);
                }

                first = false;
                var (result, failure) = await SendOneAsync(transport, delivery, stop.Token).ConfigureAwait(false);
                if (result is not null)
                {
                    lock (_resultGate)
                    {
                        onResult(result);
                    }
                }

                if (failure is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch
        {
            // A transport that cannot send at all stops every worker; the others finish the message
            // they have in flight.
            stop.Cancel();
            throw;
        }
    }

    /// <summary>Sends one claimed delivery; returns its result and, when the transport failed after recording it, the exception that stops the run.</summary>
    private async Task<(DeliveryResult? Result, Exception? Stop)> SendOneAsync(IMessageTransport transport, ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Vendor is null)
        {
            // A registered vendor that cannot be read back fails on its own; the others go on.
            return (await RecordAsync(delivery.Record, new DeliveryOutcome(DeliveryOutcomeKind.Permanent, delivery.VendorError)).ConfigureAwait(false), null);
        }

        OutgoingMessage message;
        try
        {
            message = _composer.Compose(delivery.Vendor, delivery.Record.MessageId, _clock.GetUtcNow());
        }
        catch (Exception ex) when (ex is RfqSenderException or FormatException)
        {
            return (await RecordAsync(delivery.Record, new DeliveryOutcome(DeliveryOutcomeKind.Permanent, ex.Message)).ConfigureAwait(false), null);
        }

        if (delivery.Record.PendingRecipients.Count > 0)
        {
            // The others have it: this attempt goes to the recipients refused for now, nobody else.
            var known = message.To.Concat(message.Cc).ToList();
            message.EnvelopeRecipients = delivery.Record.PendingRecipients
                .Select(a => known.FirstOrDefault(k => string.Equals(k.Address, a, StringComparison.OrdinalIgnoreCase)) ?? MailboxAddress.Parse(a))
                .ToList();
        }

        var recipients = _perDay is null ? 0 : message.Recipients.Count;
        var longest = _perMinute is null && _perDay is null
            ? TimeSpan.Zero
            : new[] { _perMinute?.WaitNeeded(1) ?? TimeSpan.Zero, _perDay?.WaitNeeded(recipients) ?? TimeSpan.Zero }.Max();
        if (longest > TimeSpan.FromTicks(_options.Lease.Ticks / 2))
        {
            // Sleeping for hours would hold the claims past their lease: stop, and say when to resume.
            var until = _clock.GetUtcNow() + longest;
            lock (_resultGate)
            {
                RateLimitedUntil ??= until;
            }

            return (NotSentResult(delivery.Record, $"not sent in this run: the rate limit allows the next message at {until:u}; run again then"), null);
        }

        if (longest > TimeSpan.FromSeconds(1) && Notice is { } notice)
        {
            var next = _clock.GetUtcNow() + longest;
            bool tell;
            lock (_resultGate)
            {
                tell = next - _noticedUntil > TimeSpan.FromSeconds(1);
                if (tell)
                {
                    _noticedUntil = next;
                }
            }

            if (tell)
            {
                var which = _perMinute?.WaitNeeded(1) >= longest
                    ? $"{_perMinute.Limit} messages a minute"
                    : $"{_perDay!.Limit} recipients a day";
                notice($"waiting {longest.TotalSeconds:0} s for the rate limit ({which}): the next message goes at {next.ToLocalTime():T}");
            }
        }

        var waited = _clock.GetTimestamp();
        var minuteGrant = _perMinute is null ? null : await _perMinute.WaitAsync(1, cancellationToken).ConfigureAwait(false);
        var dayGrant = _perDay is null ? null : await _perDay.WaitAsync(recipients, cancellationToken).ConfigureAwait(false);

        if (_perMinute is not null || _perDay is not null)
        {
            lock (_resultGate)
            {
                RateLimitWait += _clock.GetElapsedTime(waited);
            }
        }

        Interlocked.Increment(ref _messagesAttempted);
        var id = delivery.Record.Id;
        if (transport is IReportsContentStart)
        {
            // In flight only once the content goes out: a run killed while still connecting or
            // waiting for a reply to MAIL FROM has delivered nothing, and its delivery is requeued.
            message.ContentStarting = () => _store.MarkInFlightAsync(id, _options.Owner, CancellationToken.None);
        }
        else
        {
            await _store.MarkInFlightAsync(id, _options.Owner, CancellationToken.None).ConfigureAwait(false);
        }
        DeliveryOutcome outcome;
        try
        {
            // The message in flight is not cancelled: stopping mid-transfer would turn a clean outcome
            // into an in-doubt one. The transport's own timeouts bound the wait. In-run retries of a
            // transient failure stop early when the run is stopped.
            outcome = await _retry.ExecuteAsync(
                async token => await transport.SendAsync(message, CancellationToken.None).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (MimeWriteException ex)
        {
            // The writer checks everything before its first byte: this message cannot be written
            // (e.g. an internationalised address the server cannot take); the vendor fails, the run
            // goes on. Any other exception means the transport cannot send at all and stops the run.
            outcome = new DeliveryOutcome(DeliveryOutcomeKind.Permanent, ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting to retry: nothing is on the wire; the delivery is deferred.
            outcome = new DeliveryOutcome(DeliveryOutcomeKind.Transient, "stopped while waiting to retry");
        }
        catch (TransportUnavailableException ex) when (ex.Outcome is not null)
        {
            // The transport failed with this message's content already sent: it is recorded (in
            // doubt), and the run stops.
            return (await RecordAsync(delivery.Record, ex.Outcome).ConfigureAwait(false), ex);
        }
        catch
        {
            // The transport cannot send at all (credentials, certificate, access): it refused before
            // anything went out, so the delivery goes back to the queue untouched.
            await _store.ReleaseAsync(_options.Owner, new[] { delivery.Record.Id }, CancellationToken.None, includeInFlight: true).ConfigureAwait(false);
            throw;
        }

        if (minuteGrant is not null)
        {
            _perMinute!.Complete(minuteGrant);
        }

        if (dayGrant is not null)
        {
            _perDay!.Complete(dayGrant);
        }

        return (await RecordAsync(delivery.Record, outcome).ConfigureAwait(false), null);
    }

    private static ResiliencePipeline<DeliveryOutcome> BuildRetry(SendOptions options, TimeProvider clock)
    {
        if (options.RetryCount == 0)
        {
            return ResiliencePipeline<DeliveryOutcome>.Empty;
        }

        return new ResiliencePipelineBuilder<DeliveryOutcome> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<DeliveryOutcome>
            {
                MaxRetryAttempts = options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryWait,

                // Only transient failures are retried, and only when the server's hint is short; an
                // in-doubt message is never sent again automatically.
                ShouldHandle = args => new ValueTask<bool>(
                    args.Outcome.Result is { Kind: DeliveryOutcomeKind.Transient } result
                    && (result.RetryAfter is null || result.RetryAfter <= options.MaxRetryWait)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result?.RetryAfter),
            })
            .Build();
    }

    private Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        return Task.Delay(wait, _clock, cancellationToken);
#else
        return Task.Delay(wait, cancellationToken);
#endif
    }

    private async Task<DeliveryResult> RecordAsync(DeliveryRecord record, DeliveryOutcome outcome)
    {
        var now = _clock.GetUtcNow();
        var decision = DeliveryOutcomePolicy.Decide(record, outcome, _options.MaxAttempts, now);
        var completion = new DeliveryCompletion(record.Id, _options.Owner, decision.State, decision.Detail, now)
        {
            SentAt = decision.SentAt,
            PendingRecipients = decision.Pending,
        };
        if (decision.State == DeliveryState.Deferred)
        {
            completion.NextAttemptAt = now + RetryDelay(record.Attempts, outcome.RetryAfter);
        }

        await _store.CompleteAsync(completion, CancellationToken.None).ConfigureAwait(false);
        record.NextAttemptAt = completion.NextAttemptAt;
        var result = Result(record, decision.Action, decision.State, decision.Detail, now);
        result.RefusedRecipients = decision.Refused;
        result.PendingRecipients = decision.PendingText;
        return result;
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
            throw new VendorCheckException(
                $"The messages of {Rfq.Number} cannot be made for {errors.Count} vendor(s) (template fields, their attachments); nothing of this batch was sent:"
                + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors.Take(20))
                + (errors.Count > 20 ? $"{Environment.NewLine}  ... and {errors.Count - 20} more" : string.Empty),
                errors);
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
