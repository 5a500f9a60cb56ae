using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>
/// One send run of one RFQ, the facade over its stages: the RFQ prepared before anything is touched
/// (<see cref="PreparedRfq"/>), the campaign prepared in the store (<see cref="CampaignPreparation"/>),
/// then vendors dispatched batch by batch (<see cref="DeliveryDispatcher"/>, as they stream in from a
/// pipeline, or everything due in the store), one <see cref="DeliveryAttempt"/> each, recording each
/// outcome as it happens and reporting one result per vendor.
/// </summary>
public sealed class RfqSendSession
{
    private readonly PreparedRfq _prepared;
    private readonly IDeliveryStore _store;
    private readonly IReadOnlyList<IMessageTransport> _transports;
    private readonly TimeProvider _clock;
    private readonly CampaignPreparation _preparation;
    private SendPacing? _pacing;
    private DeliveryAttempt? _attempt;
    private DeliveryDispatcher? _dispatcher;
    private CampaignPause? _pausedAtStart;
    private Action<string>? _notice;

    private string? _inputSource;
    private DateTimeOffset? _inputStarted;
    private int _inputRegistered;

    private RfqSendSession(PreparedRfq prepared, IDeliveryStore store, IReadOnlyList<IMessageTransport> transports, TimeProvider clock)
    {
        if (transports.Count == 0)
        {
            throw new ArgumentException("At least one transport is needed.", nameof(transports));
        }

        _prepared = prepared;
        _store = store;
        _transports = transports;
        _clock = clock;
        _preparation = new CampaignPreparation(prepared, store, clock);
    }

    /// <summary>The RFQ being sent.</summary>
    public Rfq Rfq => _prepared.Rfq;

    /// <summary>
    /// What the run recovered from stopped senders: when it started, and before each claim while it
    /// ran (a sender elsewhere whose lease expired); null until the first send.
    /// </summary>
    public RecoveryResult? Recovery => _dispatcher?.RecoveredDuringRun is { } during && _preparation.Recovery is { } start
        ? new RecoveryResult(start.InDoubt + during.InDoubt, start.Requeued + during.Requeued)
        : _preparation.Recovery;

    /// <summary>Messages handed to the transport in this run (whatever their outcome).</summary>
    public int MessagesAttempted => _attempt?.MessagesAttempted ?? 0;

    /// <summary>How long rate limits made this run wait, in total.</summary>
    public TimeSpan RateLimitWait => _pacing?.RateLimitWait ?? TimeSpan.Zero;

    /// <summary>True once <see cref="SendOptions.MaxMessages"/> messages were attempted, or a rate limit ended the run.</summary>
    public bool LimitReached => _dispatcher?.LimitReached ?? false;

    /// <summary>
    /// The pause that stopped this run (read before every claim, <see cref="IDeliveryStore.SetCampaignPausedAsync"/>):
    /// nothing more was claimed once it was seen; what was claimed was sent, the rest stays Queued or
    /// Deferred. Null when the campaign was not paused.
    /// </summary>
    public CampaignPause? Paused => _dispatcher?.Paused ?? _pausedAtStart;

    /// <summary>
    /// Reads whether the campaign is paused now (null when not, or not registered yet), for a front end
    /// to say so at once, before it registers or sends anything. A run started anyway sends nothing.
    /// </summary>
    public Task<CampaignPause?> GetPauseAsync(CancellationToken cancellationToken) =>
        _store.GetCampaignPauseAsync(Rfq.Number, cancellationToken);

    /// <summary>
    /// When a rate limit would have made this run wait longer than half a claim's lease, the run
    /// stops instead of holding its claims; this says when the next message may go.
    /// </summary>
    public DateTimeOffset? RateLimitedUntil => _pacing?.RateLimitedUntil;

    /// <summary>
    /// Receives a line when the run has to wait noticeably (a rate limit holds the next message back
    /// for more than a second), so a front end can say why nothing seems to happen. Called from the
    /// sending threads; null for none.
    /// </summary>
    public Action<string>? Notice
    {
        get => _notice;
        set
        {
            _notice = value;
            if (_attempt is not null)
            {
                _attempt.Notice = value;
            }
        }
    }

    /// <summary>The limiters' waits; tests replace it to move a fake clock instead of sleeping.</summary>
    internal Func<TimeSpan, CancellationToken, Task>? RateLimitDelay { get; set; }

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
        TimeProvider? clock = null) =>
        Create(PreparedRfq.Prepare(rfq, options, attachmentLimits), store, transports, clock);

    /// <summary>A run of an RFQ already prepared (<see cref="PreparedRfq.Prepare"/>), over these transports.</summary>
    public static RfqSendSession Create(PreparedRfq prepared, IDeliveryStore store, IReadOnlyList<IMessageTransport> transports, TimeProvider? clock = null) =>
        new(prepared, store, transports, clock ?? store.Clock);

    /// <summary>
    /// Checks every vendor against the templates (a Vendor field a template uses but the vendor
    /// lacks). Returns every problem; an empty list means all can be rendered.
    /// </summary>
    public IReadOnlyList<string> Validate(IEnumerable<Vendor> vendors) =>
        _prepared.Validate(vendors);

    /// <summary>
    /// -WhatIf: what a send of these vendors would do, without writing to the store or sending.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryResult>> PreviewAsync(IReadOnlyList<Vendor> vendors, CancellationToken cancellationToken)
    {
        _prepared.ThrowIfInvalid(vendors);
        await _preparation.CheckVersionAsync(cancellationToken).ConfigureAwait(false);
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
                To = new TextList(vendor.To.Select(c => c.Mailbox.Address)),
                Cc = new TextList(vendor.Cc.Select(c => c.Mailbox.Address)),
                MessageId = _prepared.MessageIdOf(vendor),
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
    public IReadOnlyList<DeliveryState> DueStates => CampaignPreparation.DueStates(_prepared.Options);

    /// <summary>
    /// -WhatIf without vendors: what a send of everything due in the store would do (Queued and
    /// Deferred deliveries; InDoubt and Failed ones too when the options say to send them again),
    /// without writing to the store or sending.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryResult>> PreviewDueAsync(CancellationToken cancellationToken)
    {
        await _preparation.CheckVersionAsync(cancellationToken).ConfigureAwait(false);
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
        await EnsurePreparedAsync(cancellationToken).ConfigureAwait(false);
        var started = _clock.GetUtcNow();
        var registered = 0;
        await _store.SetInputOpenAsync(Rfq.Number, InputNote(source, started, 0), cancellationToken).ConfigureAwait(false);
        foreach (var batch in batches)
        {
            _prepared.ThrowIfInvalid(batch);
            await _store.RegisterVendorsAsync(Rfq.Number, batch, _prepared.MessageIdOf, cancellationToken).ConfigureAwait(false);
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
        await EnsurePreparedAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Also told every result, before the caller's callback: the runtime's event log (-LogPath).</summary>
    internal Action<DeliveryResult>? Observer { get; set; }

    private Action<DeliveryResult> Observed(Action<DeliveryResult> onResult) =>
        Observer is { } observer ? r => { observer(r); onResult(r); } : onResult;

    private async Task SendVendorsAsync(IReadOnlyList<Vendor> vendors, bool register, Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        if (vendors.Count == 0)
        {
            return;
        }

        onResult = Observed(onResult);

        _prepared.ThrowIfInvalid(vendors);
        await EnsurePreparedAsync(cancellationToken).ConfigureAwait(false);
        if (register)
        {
            await _store.RegisterVendorsAsync(Rfq.Number, vendors, _prepared.MessageIdOf, cancellationToken).ConfigureAwait(false);
            if (_inputSource is not null)
            {
                _inputRegistered += vendors.Count;
                await _store.SetInputOpenAsync(Rfq.Number, InputNote(_inputSource, _inputStarted!.Value, _inputRegistered), cancellationToken).ConfigureAwait(false);
            }
        }

        var keys = vendors.Select(v => v.Key).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var handled = await _dispatcher!.DispatchVendorsAsync(keys, onResult, cancellationToken).ConfigureAwait(false);
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
                    // Due but not claimed: a limit ended this run, or (no limit reached) another sender of a
                    // shared store held the row while it was claiming it (claims skip locked rows).
                    var why = _dispatcher!.Stopped
                        ? _dispatcher.LimitReason()
                        : "not sent by this run: another sender of the store was claiming it at the same moment";
                    onResult(Result(record, SendAction.NotSent, record.State, why));
                    continue;
                }

                var result = Result(record, SendAction.AlreadyDone, record.State, DescribeDone(record));
                var unsent = UnsentContacts(byKey[key], record);
                if (unsent.Count > 0)
                {
                    result.UnsentContacts = unsent;
                    result.Detail += $"; contact(s) added since were not mailed: {result.UnsentContacts}";
                }

                onResult(result);
            }
        }
    }

    /// <summary>Sends every delivery of the campaign that is due (queued, or deferred and due), batch by batch.</summary>
    public async Task SendDueAsync(Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        await EnsurePreparedAsync(cancellationToken).ConfigureAwait(false);
        await _dispatcher!.DispatchDueAsync(Observed(onResult), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What a send of everything due would take up, by state: the <see cref="DueStates"/> and the
    /// deliveries still Sending (a stopped run's, which the run recovers first). Read only; empty
    /// when nothing is due.
    /// </summary>
    public async Task<IReadOnlyDictionary<DeliveryState, int>> GetDueCountsAsync(CancellationToken cancellationToken)
    {
        var states = new HashSet<DeliveryState>(DueStates) { DeliveryState.Sending };
        return await CountsAsync(states.Contains, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What the campaign still has to do after this run: deliveries Queued, Deferred, InDoubt or
    /// still Sending (a stopped sender's), by state. Deliveries other senders of a shared store hold
    /// under live claims are theirs to finish, not left undone: <see cref="GetSendingElsewhereAsync"/>
    /// counts them. Empty when nothing is left for anyone.
    /// </summary>
    public async Task<IReadOnlyDictionary<DeliveryState, int>> GetOutstandingAsync(CancellationToken cancellationToken)
    {
        var counts = (await CountsAsync(state => state is DeliveryState.Queued or DeliveryState.Deferred or DeliveryState.InDoubt, cancellationToken).ConfigureAwait(false))
            .ToDictionary(c => c.Key, c => c.Value);
        var (stalled, _) = await SendingAsync(cancellationToken).ConfigureAwait(false);
        if (stalled > 0)
        {
            counts[DeliveryState.Sending] = stalled;
        }

        return counts.OrderBy(c => c.Key).ToDictionary(c => c.Key, c => c.Value);
    }

    /// <summary>
    /// How many deliveries other senders hold now under claims that have not expired: a shared store's
    /// other workers are sending them.
    /// </summary>
    public async Task<int> GetSendingElsewhereAsync(CancellationToken cancellationToken) =>
        (await SendingAsync(cancellationToken).ConfigureAwait(false)).Elsewhere;

    /// <summary>The campaign's Sending deliveries, read once: those left by a stopped sender (or this run), and those other senders hold under live claims.</summary>
    private async Task<(int Stalled, int Elsewhere)> SendingAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var sending = await _store.GetDeliveriesAsync(new DeliveryQuery(Rfq.Number) { States = new[] { DeliveryState.Sending } }, cancellationToken).ConfigureAwait(false);
        var elsewhere = sending.Count(d => !string.Equals(d.LeaseOwner, _prepared.Options.Owner, StringComparison.Ordinal) && d.LeaseExpiresAt > now);
        return (sending.Count - elsewhere, elsewhere);
    }

    /// <summary>The campaign's non-zero counts of the states <paramref name="wanted"/> picks, by state.</summary>
    private async Task<IReadOnlyDictionary<DeliveryState, int>> CountsAsync(Func<DeliveryState, bool> wanted, CancellationToken cancellationToken)
    {
        var campaigns = await _store.GetCampaignsAsync(Rfq.Number, cancellationToken).ConfigureAwait(false);
        var counts = campaigns.FirstOrDefault()?.Counts ?? new Dictionary<DeliveryState, int>();
        return counts.Where(c => c.Value > 0 && wanted(c.Key)).OrderBy(c => c.Key).ToDictionary(c => c.Key, c => c.Value);
    }

    /// <summary>
    /// -WhatIf of a reminder run: for every vendor of the campaign, the reminder it would get now
    /// (<see cref="SendAction.WouldSend"/>, <see cref="DeliveryResult.Reminder"/>) or why it gets none
    /// (<see cref="SendAction.NotReminded"/> and the reason); nothing is written or sent.
    /// </summary>
    /// <exception cref="RfqSenderException">The reminder templates cannot be rendered.</exception>
    public Task<IReadOnlyList<DeliveryResult>> PreviewRemindersAsync(ReminderOptions options, CancellationToken cancellationToken) =>
        new ReminderRun(_prepared, _store, _clock, options ?? new ReminderOptions()).PreviewAsync(_transports[0].Description, cancellationToken);

    /// <summary>
    /// Sends the reminders the rules choose now (<see cref="ReminderRules"/>), after settling what stopped
    /// runs left (as a send does): each chosen delivery is queued with its reminder in the store, then sent
    /// by the same dispatch, pacing, limits and claims as the RFQ, with its own deterministic Message-ID and
    /// threaded to the RFQ's message. A reminder an earlier run queued and did not send is sent now; one in
    /// doubt is left to the <see cref="SendOptions.InDoubt"/> choice. Each vendor's result goes to
    /// <paramref name="onResult"/> as it happens.
    /// </summary>
    /// <exception cref="RfqSenderException">The reminder templates cannot be rendered, or the store or the transport fails.</exception>
    public async Task<ReminderRunResult> RemindAsync(ReminderOptions options, Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        var run = new ReminderRun(_prepared, _store, _clock, options ?? new ReminderOptions());
        await EnsurePreparedAsync(cancellationToken).ConfigureAwait(false);

        // A paused campaign gets no reminder queued: its deliveries stay as they are until it is unpaused.
        if (await _store.GetCampaignPauseAsync(Rfq.Number, cancellationToken).ConfigureAwait(false) is { } pause)
        {
            _pausedAtStart = pause;
            return new ReminderRunResult(0, 0, 0) { Paused = pause };
        }

        var result = await run.SendAsync(_dispatcher!, Observed(onResult), cancellationToken).ConfigureAwait(false);
        result.Paused = _dispatcher!.Paused;
        return result;
    }

    /// <summary>
    /// Registers the campaign and settles what earlier runs left: recovers the claims of stopped
    /// senders and requeues in-doubt or failed deliveries as the options ask. Sending does this
    /// itself; call it first to count what is due.
    /// </summary>
    public Task PrepareAsync(CancellationToken cancellationToken) => EnsurePreparedAsync(cancellationToken);

    private async Task EnsurePreparedAsync(CancellationToken cancellationToken)
    {
        if (_preparation.Done)
        {
            return;
        }

        var options = _prepared.Options;
        var pacing = new SendPacing(options, _store, Rfq.From.Address, _clock, RateLimitDelay ?? DelayAsync);
        await _preparation.PrepareAsync(cancellationToken).ConfigureAwait(false);
        _pacing = pacing;
        _attempt = new DeliveryAttempt(_store, options, _prepared, pacing, _clock) { Notice = _notice };
        _dispatcher = new DeliveryDispatcher(Rfq.Number, _store, _transports, options, _attempt, pacing, _clock);
    }

    private Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
#if NET8_0_OR_GREATER
        return Task.Delay(wait, _clock, cancellationToken);
#else
        return Task.Delay(wait, cancellationToken);
#endif
    }

    private async Task<Dictionary<string, DeliveryRecord>> ExistingAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var records = await _store.GetDeliveriesAsync(new DeliveryQuery(Rfq.Number) { VendorKeys = keys }, cancellationToken).ConfigureAwait(false);
        return records.ToDictionary(r => r.VendorKey, StringComparer.OrdinalIgnoreCase);
    }

    private static IReadOnlyList<string> UnsentContacts(Vendor vendor, DeliveryRecord record)
    {
        var recorded = new HashSet<string>(
            record.To.Concat(record.Cc),
            StringComparer.OrdinalIgnoreCase);
        return new TextList(vendor.Contacts.Select(c => c.Mailbox.Address).Where(a => !recorded.Contains(a)).Distinct(StringComparer.OrdinalIgnoreCase));
    }

    private static bool IsDue(DeliveryRecord record) => record.State is DeliveryState.Queued or DeliveryState.Deferred;

    private static string DescribeDone(DeliveryRecord record) => record.State switch
    {
        DeliveryState.Sent => $"already sent {record.SentAt:u}",
        DeliveryState.Sending => $"being sent by {record.LeaseOwner}",
        _ => $"already {record.State.ToString().ToLowerInvariant()}" + (record.Detail is null ? string.Empty : ": " + record.Detail),
    };

    private DeliveryResult Result(DeliveryRecord record, SendAction action, DeliveryState state, string? detail) =>
        DeliveryResult.Of(record, action, state, detail, _clock.GetUtcNow());
}
