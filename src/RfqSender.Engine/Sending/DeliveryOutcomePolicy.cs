using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Sending;

/// <summary>
/// Decides what one attempt's outcome does to its delivery: the state it enters, what the run
/// reports, and which recipients stay due. The rules, in one place:
/// <list type="bullet">
/// <item>Sent to everyone: Sent.</item>
/// <item>Sent, with some recipients refused for now (4xx, or no answer): Deferred, those recipients
/// pending (the next attempt goes to them only, same Message-ID); after the last attempt, Sent with
/// them given up on. Recipients refused for good (5xx) are reported, never retried.</item>
/// <item>An attempt for pending recipients only: accepted, Sent (keeping when it first went out);
/// refused for now, still Deferred; refused for good or out of attempts, Sent with them given up on.</item>
/// <item>Otherwise: transient, Deferred (Failed after the last attempt); permanent, Failed; in doubt, InDoubt.</item>
/// </list>
/// </summary>
internal static class DeliveryOutcomePolicy
{
    /// <summary>What the transport's outcome of one attempt does to its delivery.</summary>
    public static DeliveryDecision Decide(DeliveryRecord record, TransportOutcome outcome, int maxAttempts, DateTimeOffset now)
    {
        var lastAttempt = record.Attempts >= maxAttempts;
        var retryingPending = record.PendingRecipients.Count > 0;
        var firstSentAt = retryingPending ? record.SentAt ?? now : now;

        if (outcome.Kind == TransportOutcomeKind.Sent)
        {
            var forNow = outcome.Refused.Where(r => r.Transient).ToList();
            var forGood = outcome.Refused.Where(r => !r.Transient).ToList();
            if (forNow.Count > 0 && !lastAttempt)
            {
                return new DeliveryDecision
                {
                    State = DeliveryState.Deferred,
                    Action = SendAction.PartlySent,
                    Pending = forNow.Select(r => r.Address).ToList(),
                    PendingText = RefusedRecipient.Describe(forNow),
                    Refused = forGood.Count > 0 ? RefusedRecipient.Describe(forGood) : null,
                    Detail = $"{outcome.Detail}; refused for now, tried again later with the same Message-ID: {RefusedRecipient.Describe(forNow)}",
                    SentAt = firstSentAt,
                };
            }

            if (forNow.Count > 0)
            {
                return new DeliveryDecision
                {
                    State = DeliveryState.Sent,
                    Action = SendAction.PartlySent,
                    Refused = RefusedRecipient.Describe(outcome.Refused),
                    Detail = $"{outcome.Detail}; gave up after {record.Attempts} attempts on: {RefusedRecipient.Describe(forNow)}",
                    SentAt = firstSentAt,
                };
            }

            return new DeliveryDecision
            {
                State = DeliveryState.Sent,
                Action = forGood.Count > 0 ? SendAction.PartlySent : SendAction.Sent,
                Refused = forGood.Count > 0 ? RefusedRecipient.Describe(forGood) : null,
                Detail = outcome.Detail,
                SentAt = firstSentAt,
            };
        }

        if (retryingPending)
        {
            // The vendor has the message already; only the pending recipients are at stake.
            var pending = string.Join("; ", record.PendingRecipients);
            if (outcome.Kind == TransportOutcomeKind.Transient && !lastAttempt)
            {
                return new DeliveryDecision
                {
                    State = DeliveryState.Deferred,
                    Action = SendAction.Deferred,
                    Pending = record.PendingRecipients,
                    PendingText = $"{pending}: {outcome.Detail}",
                    Detail = $"sent {record.SentAt:u} to the others; still refused for now: {pending} ({outcome.Detail})",
                    SentAt = record.SentAt,
                };
            }

            if (outcome.Kind == TransportOutcomeKind.InDoubt)
            {
                return new DeliveryDecision
                {
                    State = DeliveryState.InDoubt,
                    Action = SendAction.InDoubt,
                    Pending = record.PendingRecipients,
                    Detail = $"for {pending}: {outcome.Detail}",
                    SentAt = record.SentAt,
                };
            }

            var why = outcome.Kind == TransportOutcomeKind.Transient ? $"gave up after {record.Attempts} attempts" : "refused for good";
            return new DeliveryDecision
            {
                State = DeliveryState.Sent,
                Action = SendAction.PartlySent,
                Refused = $"{pending}: {outcome.Detail}",
                Detail = $"sent {record.SentAt:u} to the others; {why}: {pending} ({outcome.Detail})",
                SentAt = record.SentAt ?? now,
            };
        }

        return outcome.Kind switch
        {
            TransportOutcomeKind.Transient when lastAttempt => new DeliveryDecision
            {
                State = DeliveryState.Failed,
                Action = SendAction.Failed,
                Detail = $"gave up after {record.Attempts} attempts: {outcome.Detail}",
            },
            TransportOutcomeKind.Transient => new DeliveryDecision { State = DeliveryState.Deferred, Action = SendAction.Deferred, Detail = outcome.Detail },
            TransportOutcomeKind.InDoubt => new DeliveryDecision { State = DeliveryState.InDoubt, Action = SendAction.InDoubt, Detail = outcome.Detail },
            _ => new DeliveryDecision { State = DeliveryState.Failed, Action = SendAction.Failed, Detail = outcome.Detail },
        };
    }
}
