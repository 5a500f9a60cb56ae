using Polly;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Sending;

/// <summary>
/// One attempt of one claimed delivery: the message is composed, waits its turn under the rate
/// limits, is marked in flight once its content goes out, is handed to the transport (with the
/// in-run retries of <see cref="InRunRetry"/>), and its outcome is recorded as
/// <see cref="DeliveryOutcomePolicy"/> decides.
/// </summary>
internal sealed class DeliveryAttempt
{
    private readonly IDeliveryStore _store;
    private readonly SendOptions _options;
    private readonly IDeliveryComposer _composer;
    private readonly SendPacing _pacing;
    private readonly TimeProvider _clock;
    private readonly ResiliencePipeline<TransportOutcome> _retry;
    private int _messagesAttempted;

    public DeliveryAttempt(IDeliveryStore store, SendOptions options, IDeliveryComposer composer, SendPacing pacing, TimeProvider clock)
    {
        _store = store;
        _options = options;
        _composer = composer;
        _pacing = pacing;
        _clock = clock;
        _retry = InRunRetry.Build(options, clock);
    }

    /// <summary>Messages handed to the transport (whatever their outcome).</summary>
    public int MessagesAttempted => Volatile.Read(ref _messagesAttempted);

    /// <summary>Receives a line when the attempt has to wait noticeably; null for none.</summary>
    public Action<string>? Notice { get; set; }

    /// <summary>
    /// Sends one claimed delivery; returns its result and, when the transport failed after the
    /// outcome was recorded (its content went out), the exception that stops the run.
    /// </summary>
    /// <exception cref="Exception">The transport cannot send at all; the delivery went back to the queue untouched.</exception>
    public async Task<(DeliveryResult? Result, Exception? Stop)> RunAsync(IMessageTransport transport, ClaimedDelivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.Vendor is null)
        {
            // A registered vendor that cannot be read back fails on its own; the others go on.
            return (await RecordAsync(delivery.Record, new TransportOutcome(TransportOutcomeKind.Permanent, delivery.VendorError)).ConfigureAwait(false), null);
        }

        var (message, unmade) = await ComposeAsync(delivery).ConfigureAwait(false);
        if (message is null)
        {
            return (unmade, null);
        }

        if (delivery.Record.PendingRecipients.Count > 0)
        {
            // The others have it: this attempt goes to the recipients refused for now, nobody else.
            var known = message.To.Concat(message.Cc).ToList();
            message.EnvelopeRecipients = delivery.Record.PendingRecipients
                .Select(a => known.FirstOrDefault(k => string.Equals(k.Address, a, StringComparison.OrdinalIgnoreCase)) ?? MailboxAddress.Parse(a))
                .ToList();
        }

        var permit = await _pacing.WaitTurnAsync(message.Recipients.Count, Notice, cancellationToken).ConfigureAwait(false);
        if (permit is null)
        {
            return (NotSent(delivery.Record, $"not sent in this run: the rate limit allows the next message at {_pacing.RateLimitedUntil:u}; run again then"), null);
        }

        Interlocked.Increment(ref _messagesAttempted);
        var id = delivery.Record.Id;
        if (transport is IReportsContentStart)
        {
            // In flight only once the content goes out: a run killed while still connecting or
            // waiting for a reply to MAIL FROM has delivered nothing, and its delivery is requeued.
            message.ContentStarting = InFlightMarker(id);
        }
        else if (!await _store.MarkInFlightAsync(id, _options.Owner, CancellationToken.None).ConfigureAwait(false))
        {
            // Another sender took the claim back (this run held it past its lease): it is theirs to send.
            return (TakenOver(delivery.Record), null);
        }

        TransportOutcome outcome;
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
            outcome = new TransportOutcome(TransportOutcomeKind.Permanent, ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting to retry: nothing is on the wire; the delivery is deferred.
            outcome = new TransportOutcome(TransportOutcomeKind.Transient, "stopped while waiting to retry");
        }
        catch (ClaimTakenOverException)
        {
            // The claim was taken back just before the content would have gone out: the transport
            // stopped, nothing was sent, and the delivery is the other sender's.
            return (TakenOver(delivery.Record), null);
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

        await permit.CompleteAsync().ConfigureAwait(false);
        return (await RecordAsync(delivery.Record, outcome).ConfigureAwait(false), null);
    }

    /// <summary>
    /// Sends several claimed deliveries as one sequence over a transport that pipelines them (SMTP
    /// with PIPELINING): each is composed, marked in flight once its content goes out, and recorded
    /// and reported as soon as the transport gives its outcome. Returns the deliveries to send one
    /// by one instead (a transient outcome, for the in-run retries; recipients pending from an
    /// earlier attempt; those after a message the writer refused), and, when the transport failed
    /// after the content of one went out, the exception that stops the run.
    /// </summary>
    /// <exception cref="Exception">The transport cannot send at all; the deliveries not reported went back to the queue untouched.</exception>
    public async Task<(IReadOnlyList<ClaimedDelivery> OneByOne, Exception? Stop)> RunSequenceAsync(
        ISendsMessageSequences transport, IReadOnlyList<ClaimedDelivery> deliveries, Action<DeliveryResult> report)
    {
        var oneByOne = new List<ClaimedDelivery>();
        var sequence = new List<ClaimedDelivery>(deliveries.Count);
        var messages = new List<OutgoingMessage>(deliveries.Count);
        foreach (var delivery in deliveries)
        {
            if (delivery.Vendor is null || delivery.Record.PendingRecipients.Count > 0)
            {
                oneByOne.Add(delivery);
                continue;
            }

            var (message, unmade) = await ComposeAsync(delivery).ConfigureAwait(false);
            if (message is null)
            {
                report(unmade!);
                continue;
            }

            message.ContentStarting = InFlightMarker(delivery.Record.Id);
            sequence.Add(delivery);
            messages.Add(message);
        }

        if (messages.Count == 0)
        {
            return (oneByOne, null);
        }

        var reported = new bool[messages.Count];
        Interlocked.Add(ref _messagesAttempted, messages.Count);
        try
        {
            // As for one message, the sequence in flight is not cancelled: the transport's timeouts bound it.
            await transport.SendSequenceAsync(
                messages,
                async (index, outcome) =>
                {
                    reported[index] = true;
                    if (outcome.Kind == TransportOutcomeKind.Transient && _options.RetryCount > 0)
                    {
                        // Not delivered: the in-run retries take it up on their own, after the sequence.
                        Interlocked.Decrement(ref _messagesAttempted);
                        oneByOne.Add(sequence[index]);
                        return;
                    }

                    report(await RecordAsync(sequence[index].Record, outcome).ConfigureAwait(false));
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (MimeWriteException ex)
        {
            // The writer refused the first message not reported before its first byte: it fails, the
            // ones after it were not sent and go one by one.
            var first = Array.IndexOf(reported, false);
            report(await RecordAsync(sequence[first].Record, new TransportOutcome(TransportOutcomeKind.Permanent, ex.Message)).ConfigureAwait(false));
            var rest = Unreported(sequence, reported, first + 1).ToList();
            Interlocked.Add(ref _messagesAttempted, -rest.Count);
            oneByOne.AddRange(rest);
        }
        catch (ClaimTakenOverException)
        {
            // The first message not reported was stopped before its content (its claim was taken
            // back; the connection was dropped): it is the other sender's; the ones after it were not
            // sent and go one by one.
            var first = Array.IndexOf(reported, false);
            report(TakenOver(sequence[first].Record));
            var rest = Unreported(sequence, reported, first + 1).ToList();
            Interlocked.Add(ref _messagesAttempted, -rest.Count);
            oneByOne.AddRange(rest);
        }
        catch (TransportUnavailableException ex) when (ex.Outcome is not null)
        {
            // The content of the first message not reported went out before the transport failed: it
            // is recorded (in doubt); the others were not sent; the run stops.
            var first = Array.IndexOf(reported, false);
            report(await RecordAsync(sequence[first].Record, ex.Outcome).ConfigureAwait(false));
            await ReleaseUnsentAsync(sequence, reported, first + 1).ConfigureAwait(false);
            return (Array.Empty<ClaimedDelivery>(), ex);
        }
        catch
        {
            // The transport cannot send at all: what it did not report went back to the queue untouched.
            // The first of them was handed to it, as a single send's message is; the rest never were.
            await ReleaseUnsentAsync(sequence, reported, 0, includeInFlight: true).ConfigureAwait(false);
            Interlocked.Increment(ref _messagesAttempted);
            throw;
        }

        return (oneByOne, null);
    }

    /// <summary>Marks a delivery in flight as its content starts, or stops the transport when the claim is no longer this run's.</summary>
    private Func<Task> InFlightMarker(long deliveryId) => async () =>
    {
        if (!await _store.MarkInFlightAsync(deliveryId, _options.Owner, CancellationToken.None).ConfigureAwait(false))
        {
            throw new ClaimTakenOverException(deliveryId);
        }
    };

    /// <summary>The result of a delivery another sender took over before this run handed it to the transport.</summary>
    private DeliveryResult TakenOver(DeliveryRecord record) =>
        DeliveryResult.Of(record, SendAction.NotSent, DeliveryState.Sending, "not sent by this run: its claim expired and another sender took the delivery over", _clock.GetUtcNow());

    /// <summary>The result of a claimed delivery handed back unsent: the state and attempts the release restored.</summary>
    public DeliveryResult NotSent(DeliveryRecord claimed, string detail)
    {
        var result = DeliveryResult.Of(claimed, SendAction.NotSent, claimed.Attempts > 1 ? DeliveryState.Deferred : DeliveryState.Queued, detail, _clock.GetUtcNow());
        result.Attempts = Math.Max(claimed.Attempts - 1, 0);
        return result;
    }

    /// <summary>The delivery's message; when it cannot be made for this vendor, the delivery fails alone and its result comes back instead.</summary>
    private async Task<(OutgoingMessage? Message, DeliveryResult? Failed)> ComposeAsync(ClaimedDelivery delivery)
    {
        try
        {
            return (_composer.Compose(delivery, _clock.GetUtcNow()), null);
        }
        catch (Exception ex) when (ex is RfqSenderException or FormatException)
        {
            return (null, await RecordAsync(delivery.Record, new TransportOutcome(TransportOutcomeKind.Permanent, ex.Message)).ConfigureAwait(false));
        }
    }

    private async Task<DeliveryResult> RecordAsync(DeliveryRecord record, TransportOutcome outcome)
    {
        var now = _clock.GetUtcNow();
        var decision = DeliveryOutcomePolicy.Decide(record, outcome, _options.MaxAttempts, now);
        if (record.ReminderPending is int reminder)
        {
            // The delivery's detail says which message it is about; the RFQ's own sent time stays.
            decision.Detail = $"reminder {reminder}: {decision.Detail}";
        }

        var completion = new DeliveryCompletion(record.Id, _options.Owner, decision.State, decision.Detail, now)
        {
            SentAt = decision.SentAt,
            PendingRecipients = decision.Pending,
            Reminder = record.ReminderPending,
        };
        if (decision.State == DeliveryState.Deferred)
        {
            completion.NextAttemptAt = now + StoreDeferral.DelayAfter(record.Attempts, outcome.RetryAfter, _options);
        }

        await _store.CompleteAsync(completion, CancellationToken.None).ConfigureAwait(false);
        record.NextAttemptAt = completion.NextAttemptAt;
        var result = DeliveryResult.Of(record, decision.Action, decision.State, decision.Detail, now);
        result.RefusedRecipients = decision.Refused;
        result.PendingRecipients = decision.PendingText;
        return result;
    }

    private static IEnumerable<ClaimedDelivery> Unreported(IReadOnlyList<ClaimedDelivery> sequence, bool[] reported, int from) =>
        Enumerable.Range(from, Math.Max(sequence.Count - from, 0)).Where(i => !reported[i]).Select(i => sequence[i]);

    private async Task ReleaseUnsentAsync(IReadOnlyList<ClaimedDelivery> sequence, bool[] reported, int from, bool includeInFlight = false)
    {
        var unsent = Unreported(sequence, reported, from).ToList();
        Interlocked.Add(ref _messagesAttempted, -unsent.Count);
        if (unsent.Count > 0)
        {
            await _store.ReleaseAsync(_options.Owner, unsent.Select(d => d.Record.Id).ToList(), CancellationToken.None, includeInFlight).ConfigureAwait(false);
        }
    }
}
