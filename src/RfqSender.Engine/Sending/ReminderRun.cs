using RfqSender.Engine.Responses;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Sending;

/// <summary>
/// One reminder run of a campaign: the deliveries and the vendors' out-of-office replies read from the
/// store, <see cref="ReminderRules"/> applied to each at the store's time, the reminders chosen queued in
/// the store (only while each delivery is still as the rules saw it), then sent by the same dispatcher as
/// the RFQ itself (claims, leases, pacing, rate limits, in-flight marks), one result per vendor.
/// </summary>
internal sealed class ReminderRun
{
    private readonly PreparedRfq _prepared;
    private readonly IDeliveryStore _store;
    private readonly TimeProvider _clock;
    private readonly ReminderOptions _options;

    public ReminderRun(PreparedRfq prepared, IDeliveryStore store, TimeProvider clock, ReminderOptions options)
    {
        options.Validate();
        _prepared = prepared;
        _store = store;
        _clock = clock;
        _options = options;
        var problems = prepared.ValidateReminders(Array.Empty<Vendors.Vendor>());
        if (problems.Count > 0)
        {
            throw new RfqSenderException(
                FailureKind.InvalidInput,
                $"The reminder templates of {prepared.Rfq.Number} cannot be rendered; nothing was sent:" + Environment.NewLine + ProblemList.Lines(problems));
        }
    }

    /// <summary>The decision for every delivery of the campaign, in registration order. Reads only.</summary>
    public async Task<IReadOnlyList<ReminderDecision>> DecideAsync(CancellationToken cancellationToken)
    {
        var number = _prepared.Rfq.Number;
        var deliveries = await _store.GetDeliveriesAsync(new DeliveryQuery(number), cancellationToken).ConfigureAwait(false);
        var autoReplies = await _store.GetInboundAsync(new InboundQuery { RfqNumber = number, Kinds = new[] { ReplyKind.AutoReply } }, cancellationToken).ConfigureAwait(false);
        var away = autoReplies
            .Where(r => r.IsOutOfOffice && r.VendorKey is not null)
            .GroupBy(r => r.VendorKey!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.ReceivedAt).Last().AwayUntil ?? DateTime.MaxValue, StringComparer.OrdinalIgnoreCase);
        var now = _clock.GetUtcNow();
        return deliveries
            .Select(d => ReminderRules.Decide(d, away.TryGetValue(d.VendorKey, out var until) ? until : null, _prepared.Rfq.DueDate, _options, now))
            .ToList();
    }

    /// <summary>-WhatIf: who would get which reminder, and why the others would not. Nothing is written.</summary>
    public async Task<IReadOnlyList<DeliveryResult>> PreviewAsync(string transport, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        return (await DecideAsync(cancellationToken).ConfigureAwait(false))
            .Select(d =>
            {
                var result = DeliveryResult.Of(d.Delivery, d.Remind ? SendAction.WouldSend : SendAction.NotReminded, d.Delivery.State, d.Remind ? $"would send {d.Reason} through {transport}" : d.Reason, now);
                result.Reminder = d.Number ?? d.Delivery.ReminderPending;
                return result;
            })
            .ToList();
    }

    /// <summary>Queues and sends the reminders the rules choose; every vendor gets one result.</summary>
    public async Task<ReminderRunResult> SendAsync(DeliveryDispatcher dispatcher, Action<DeliveryResult> onResult, CancellationToken cancellationToken)
    {
        var reminded = 0;
        var notReminded = 0;
        var undone = 0;
        void Report(DeliveryResult result)
        {
            switch (result.Action)
            {
                case SendAction.Sent or SendAction.PartlySent when result.State == DeliveryState.Sent:
                    reminded++;
                    break;
                case SendAction.NotReminded:
                    notReminded++;
                    break;
                default:
                    undone++;
                    break;
            }

            onResult(result);
        }

        var decisions = await DecideAsync(cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        foreach (var decision in decisions.Where(d => !d.Remind))
        {
            var result = DeliveryResult.Of(decision.Delivery, SendAction.NotReminded, decision.Delivery.State, decision.Reason, now);
            Report(result);
            if (decision.NeedsDecision)
            {
                // Left out, but not done: an earlier reminder's fate is unknown until someone decides.
                notReminded--;
                undone++;
            }
        }

        var chosen = decisions.Where(d => d.Remind).ToList();
        var toQueue = chosen.Where(d => !d.QueuedAlready).ToList();
        var queued = await _store.QueueRemindersAsync(
            _prepared.Rfq.Number,
            toQueue.Select(d => new ReminderRequest(d.Delivery.Id, d.Number!.Value)).ToList(),
            now,
            cancellationToken).ConfigureAwait(false);
        var queuedIds = new HashSet<long>(queued);
        foreach (var missed in toQueue.Where(d => !queuedIds.Contains(d.Delivery.Id)))
        {
            Report(DeliveryResult.Of(missed.Delivery, SendAction.NotReminded, missed.Delivery.State, "not reminded: the delivery changed since it was read (an answer, a bounce or another reminder run came first)", now));
        }

        var keys = chosen.Where(d => d.QueuedAlready || queuedIds.Contains(d.Delivery.Id)).Select(d => d.Delivery.VendorKey).ToList();
        var handled = await dispatcher.DispatchVendorsAsync(keys, Report, cancellationToken).ConfigureAwait(false);
        var rest = keys.Where(k => !handled.Contains(k)).ToList();
        if (rest.Count > 0)
        {
            var records = await _store.GetDeliveriesAsync(new DeliveryQuery(_prepared.Rfq.Number) { VendorKeys = rest }, cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                var why = record.State is DeliveryState.Deferred && record.NextAttemptAt > _clock.GetUtcNow()
                    ? $"reminder {record.ReminderPending} deferred until {record.NextAttemptAt:u}: {record.Detail}"
                    : dispatcher.Stopped
                        ? dispatcher.LimitReason()
                        : "not sent by this run: another sender of the store was claiming it at the same moment";
                Report(DeliveryResult.Of(record, SendAction.NotSent, record.State, why, _clock.GetUtcNow()));
            }
        }

        return new ReminderRunResult(reminded, notReminded, undone);
    }
}
