using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Sending;

/// <summary>
/// The dispatch stage of a run: claims due deliveries of a campaign under a lease, batch by batch,
/// and sends them over the transports at once (one message at a time on each) through one
/// <see cref="DeliveryAttempt"/> each, until nothing is due or a limit ends the run. Whatever was
/// claimed and not handed over goes back to the queue. It sends what its composer makes, so a
/// reminder is the same dispatch with another composer.
/// </summary>
internal sealed class DeliveryDispatcher
{
    private readonly string _rfqNumber;
    private readonly IDeliveryStore _store;
    private readonly IReadOnlyList<IMessageTransport> _transports;
    private readonly SendOptions _options;
    private readonly DeliveryAttempt _attempt;
    private readonly SendPacing _pacing;
    private readonly TimeProvider _clock;
    private readonly object _resultGate = new();

    /// <summary>Messages one connection sends as one pipelined sequence, at most.</summary>
    private const int SequenceLength = 20;
    private int _recoveredInDoubt;
    private int _recoveredRequeued;

    public DeliveryDispatcher(string rfqNumber, IDeliveryStore store, IReadOnlyList<IMessageTransport> transports, SendOptions options, DeliveryAttempt attempt, SendPacing pacing, TimeProvider clock)
    {
        _rfqNumber = rfqNumber;
        _store = store;
        _transports = transports;
        _options = options;
        _attempt = attempt;
        _pacing = pacing;
        _clock = clock;
    }

    /// <summary>
    /// What this run took back, before its claims, from other senders whose leases expired while it
    /// ran (a worker on another machine that died); null when nothing.
    /// </summary>
    public RecoveryResult? RecoveredDuringRun => _recoveredInDoubt + _recoveredRequeued == 0 ? null : new RecoveryResult(_recoveredInDoubt, _recoveredRequeued);

    /// <summary>Messages handed to the transport in this run.</summary>
    public int MessagesAttempted => _attempt.MessagesAttempted;

    /// <summary>True once <see cref="SendOptions.MaxMessages"/> messages were attempted, or a rate limit ended the run.</summary>
    public bool LimitReached => (_options.MaxMessages is int max && MessagesAttempted >= max) || _pacing.RateLimitedUntil is not null;

    /// <summary>
    /// The pause that stopped this run: read before every claim, so a campaign paused while the run
    /// works stops it within one claim batch (what is claimed is sent; nothing more is claimed). Null
    /// while the campaign is not paused.
    /// </summary>
    public CampaignPause? Paused { get; private set; }

    /// <summary>True once a limit or a pause ended the run.</summary>
    public bool Stopped => LimitReached || Paused is not null;

    /// <summary>Why a due delivery was not sent in this run.</summary>
    public string LimitReason() => Paused is { } pause
        ? $"not sent: the campaign was paused by {pause.PausedBy} at {pause.PausedAt.ToUniversalTime():u}; unpause it (rfq unpause {pause.RfqNumber}, Resume-RfqCampaign), then resume"
        : _pacing.RateLimitedUntil is DateTimeOffset until
        ? $"not sent in this run: the rate limit allows the next message at {until:u}; run again then"
        : "not sent in this run: the per-run maximum of messages was reached";

    /// <summary>Sends every delivery that is due, batch by batch, until none is or a limit is reached.</summary>
    public async Task DispatchDueAsync(Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        while (!Stopped)
        {
            var claimed = await ClaimAsync(null, cancellationToken).ConfigureAwait(false);
            if (claimed.Count == 0)
            {
                return;
            }

            await SendClaimedAsync(claimed, onResult, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the due deliveries of these vendors, batch by batch; returns the keys it claimed.</summary>
    public async Task<ISet<string>> DispatchVendorsAsync(IReadOnlyList<string> keys, Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        var handled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var offset = 0; offset < keys.Count && !Stopped; offset += _options.BatchSize)
        {
            var chunk = new List<string>(Math.Min(_options.BatchSize, keys.Count - offset));
            for (var i = offset; i < offset + chunk.Capacity; i++)
            {
                chunk.Add(keys[i]);
            }

            // A claim may hold fewer than the chunk (sized to the lease or a rate limit): claim again
            // until none of the chunk is due any more or a limit ends the run.
            while (chunk.Count > 0 && !Stopped)
            {
                var claimed = await ClaimAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (claimed.Count == 0)
                {
                    break;
                }

                await SendClaimedAsync(claimed, onResult, cancellationToken).ConfigureAwait(false);
                handled.UnionWith(claimed.Select(c => c.Record.VendorKey));
                chunk = chunk.Where(k => !handled.Contains(k)).ToList();
            }
        }

        return handled;
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

        if (_options.DelayMs > 0)
        {
            // With pauses between messages, claim no more than the connections can send in half a
            // lease: the claims are renewed while the run lives, but a claim waiting long in this
            // run's queue is work other senders could be doing.
            var perConnection = (int)Math.Min(int.MaxValue, _options.Lease.TotalMilliseconds / 2 / _options.DelayMs);
            max = Math.Min(max, Math.Max(_options.Concurrency, perConnection * _options.Concurrency));
        }

        if (max <= 0 || _pacing.RateLimitedUntil is not null)
        {
            return Array.Empty<ClaimedDelivery>();
        }

        // A pause (from another process, a status page) is honoured before every claim; the store's
        // claim skips a paused campaign too, so a pause that lands between the two still holds.
        if (await _store.GetCampaignPauseAsync(_rfqNumber, cancellationToken).ConfigureAwait(false) is { } pause)
        {
            Paused = pause;
            return Array.Empty<ClaimedDelivery>();
        }

        // A sender that died during this run leaves claims whose lease runs out: they are settled
        // before each claim (never this run's own), so its vendors are not stuck until the next run.
        var recovered = await _store.RecoverExpiredAsync(_rfqNumber, _options.Owner, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        _recoveredInDoubt += recovered.InDoubt;
        _recoveredRequeued += recovered.Requeued;

        var request = new ClaimRequest(_rfqNumber, _options.Owner, max, _options.Lease, _clock.GetUtcNow()) { VendorKeys = keys };
        var claimed = await _store.ClaimAsync(request, cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            Paused = await _store.GetCampaignPauseAsync(_rfqNumber, cancellationToken).ConfigureAwait(false);
        }

        return claimed;
    }

    private async Task SendClaimedAsync(IReadOnlyList<ClaimedDelivery> claimed, Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        var queue = new Queue<ClaimedDelivery>(claimed);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var keeper = LeaseKeeper.Start(_store, _rfqNumber, _options.Owner, _options.Lease, _clock);
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
            onResult(_attempt.NotSent(left.Record, LimitReason()));
        }
    }

    private async Task WorkAsync(IMessageTransport transport, Queue<ClaimedDelivery> queue, Action<DeliveryResult> onResult, CancellationTokenSource stop)
    {
        var first = true;
        void Report(DeliveryResult result)
        {
            lock (_resultGate)
            {
                onResult(result);
            }
        }

        async Task SendOneAsync(IMessageTransport slot, ClaimedDelivery delivery, CancellationToken token)
        {
            var (result, failure) = await _attempt.RunAsync(slot, delivery, token).ConfigureAwait(false);
            if (result is not null)
            {
                Report(result);
            }

            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }

        try
        {
            while (!stop.IsCancellationRequested && _pacing.RateLimitedUntil is null)
            {
                if (transport is ISendsMessageSequences sequencer && !_pacing.Limited && _options.DelayMs == 0)
                {
                    // Without pauses or rate limits, several messages go as one pipelined sequence.
                    List<ClaimedDelivery> run;
                    lock (queue)
                    {
                        if (queue.Count == 0)
                        {
                            return;
                        }

                        var take = Math.Min(SequenceLength, Math.Max(1, queue.Count / Math.Max(1, _transports.Count)));
                        run = new List<ClaimedDelivery>(take);
                        while (run.Count < take && queue.Count > 0)
                        {
                            run.Add(queue.Dequeue());
                        }
                    }

                    var (oneByOne, stopped) = await _attempt.RunSequenceAsync(sequencer, run, Report).ConfigureAwait(false);
                    if (stopped is not null)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(stopped).Throw();
                    }

                    foreach (var single in oneByOne)
                    {
                        await SendOneAsync(transport, single, stop.Token).ConfigureAwait(false);
                    }

                    continue;
                }

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
                await SendOneAsync(transport, delivery, stop.Token).ConfigureAwait(false);
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
}
