using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Sending;

/// <summary>What <see cref="ReminderRules"/> decided for one delivery: a reminder (its number) or why none.</summary>
public sealed class ReminderDecision
{
    private ReminderDecision(DeliveryRecord delivery, int? number, bool queuedAlready, string reason)
    {
        Delivery = delivery;
        Number = number;
        QueuedAlready = queuedAlready;
        Reason = reason;
    }

    /// <summary>The delivery.</summary>
    public DeliveryRecord Delivery { get; }

    /// <summary>The number of the reminder to send; null when the vendor gets none now.</summary>
    public int? Number { get; }

    /// <summary>True when the reminder is queued already (an earlier run queued it and did not finish): it is sent, not queued again.</summary>
    public bool QueuedAlready { get; }

    /// <summary>Why: the reminder, or why the vendor gets none now.</summary>
    public string Reason { get; }

    /// <summary>True when the vendor gets a reminder.</summary>
    public bool Remind => Number is not null;

    /// <summary>True when no reminder goes because an earlier one's fate is unknown (in doubt): someone has to decide, so a run is not complete.</summary>
    public bool NeedsDecision => Number is null && Delivery.ReminderPending is not null && Delivery.State == DeliveryState.InDoubt;

    internal static ReminderDecision Send(DeliveryRecord delivery, int number, string reason, bool queuedAlready = false) =>
        new(delivery, number, queuedAlready, reason);

    internal static ReminderDecision None(DeliveryRecord delivery, string reason) => new(delivery, null, false, reason);

    /// <inheritdoc />
    public override string ToString() => $"{Delivery.VendorKey}: {(Remind ? $"reminder {Number}" : "none")} - {Reason}";
}
