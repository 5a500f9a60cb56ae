namespace RfqSender.Engine.Tracking;

/// <summary>
/// The one place that says what becomes of a claim that ends without an outcome: given back by its
/// sender (<see cref="Release"/>), or left by a sender that stopped (<see cref="Recover"/>), and which
/// claims count as left (<see cref="IsAbandoned"/>, <see cref="IsExpiredForOthers"/>). Every store
/// executes these decisions and holds no such policy of its own.
/// <list type="bullet">
/// <item>A claim never handed to the transport is not an attempt: the attempt the claim counted is
/// taken back, and the delivery is Queued again, or Deferred (keeping when it was due) when earlier
/// attempts were made.</item>
/// <item>A claim whose message was in flight may have reached the server: it becomes InDoubt, saying
/// which sender stopped, and what happens to it is the user's choice on resume.</item>
/// </list>
/// </summary>
public static class DeliveryLeaseRules
{
    /// <summary>The decision for a claim its sender gives back before handing the message over.</summary>
    public static DeliveryLeaseDecision Release(DeliveryLease lease)
    {
        if (lease is null)
        {
            throw new ArgumentNullException(nameof(lease));
        }

        return new DeliveryLeaseDecision(
            lease.Attempts > 1 ? DeliveryState.Deferred : DeliveryState.Queued,
            Math.Max(lease.Attempts - 1, 0),
            detail: null);
    }

    /// <summary>The decision for a claim left by a sender that stopped: InDoubt when in flight, else released.</summary>
    public static DeliveryLeaseDecision Recover(DeliveryLease lease)
    {
        if (lease is null)
        {
            throw new ArgumentNullException(nameof(lease));
        }

        return lease.InFlight
            ? new DeliveryLeaseDecision(DeliveryState.InDoubt, lease.Attempts, InDoubtDetail(lease.Owner))
            : Release(lease);
    }

    /// <summary>
    /// True when a claim was left at <paramref name="now"/>: its lease expired, or its owner is gone as
    /// <paramref name="isAbandonedOwner"/> says (asked once per owner by the store). For the start of a run.
    /// </summary>
    public static bool IsAbandoned(DeliveryLease lease, DateTimeOffset now, Func<string, bool> isAbandonedOwner)
    {
        if (lease is null)
        {
            throw new ArgumentNullException(nameof(lease));
        }

        return IsExpired(lease, now) || (lease.Owner is string owner && isAbandonedOwner(owner));
    }

    /// <summary>
    /// True when, during a run of <paramref name="caller"/>, a claim may be taken back: another sender's,
    /// with its lease expired at <paramref name="now"/>. The caller's own claims never are, expired or not:
    /// it is still working on them.
    /// </summary>
    public static bool IsExpiredForOthers(DeliveryLease lease, string caller, DateTimeOffset now)
    {
        if (lease is null)
        {
            throw new ArgumentNullException(nameof(lease));
        }

        return !string.Equals(lease.Owner, caller, StringComparison.Ordinal) && IsExpired(lease, now);
    }

    /// <summary>
    /// True when <paramref name="decision"/> for <paramref name="lease"/> keeps the attempt the claim counted
    /// (its message may have reached the server): the store then records it as an attempt of the delivery
    /// (<see cref="DeliveryAttempt"/>), as it records a completion. A claim given back is not an attempt.
    /// </summary>
    public static bool CountsAttempt(DeliveryLease lease, DeliveryLeaseDecision decision)
    {
        if (lease is null)
        {
            throw new ArgumentNullException(nameof(lease));
        }

        if (decision is null)
        {
            throw new ArgumentNullException(nameof(decision));
        }

        return decision.Attempts > 0 && decision.Attempts >= lease.Attempts;
    }

    /// <summary>What an InDoubt delivery says about the sender that left it.</summary>
    public static string InDoubtDetail(string? owner) =>
        $"The sender {owner} stopped after handing this message to the transport and before recording the answer: it may have been sent.";

    private static bool IsExpired(DeliveryLease lease, DateTimeOffset now) => lease.ExpiresAt is DateTimeOffset expires && expires <= now;
}
