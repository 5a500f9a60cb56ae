namespace RfqSender.Engine.Tracking;

/// <summary>The result of one claimed delivery, to be recorded.</summary>
public sealed class DeliveryCompletion
{
    /// <summary>Creates a completion.</summary>
    public DeliveryCompletion(long deliveryId, string owner, DeliveryState state, string? detail, DateTimeOffset at)
    {
        DeliveryId = deliveryId;
        Owner = owner;
        State = state;
        Detail = detail;
        At = at;
    }

    /// <summary>The delivery.</summary>
    public long DeliveryId { get; }

    /// <summary>The owner of the claim.</summary>
    public string Owner { get; }

    /// <summary>The new state: Sent, Deferred, Failed or InDoubt.</summary>
    public DeliveryState State { get; }

    /// <summary>The transport's words.</summary>
    public string? Detail { get; }

    /// <summary>When the outcome happened.</summary>
    public DateTimeOffset At { get; }

    /// <summary>For <see cref="DeliveryState.Deferred"/>: when to try again.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>
    /// When the message first reached the vendor, to record as <see cref="DeliveryRecord.SentAt"/>
    /// (with the RFQ version): set when it reached some recipients while others are still due, and to
    /// keep the first time when those are sent later. Null records <see cref="At"/> for Sent.
    /// </summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>
    /// Recipients refused for now while the others got the message: the next attempt sends to these
    /// only (<see cref="DeliveryRecord.PendingRecipients"/>). Null or empty when none are left.
    /// </summary>
    public IReadOnlyList<string>? PendingRecipients { get; set; }

    /// <summary>
    /// The number of the reminder this attempt sent, when it was a reminder (<see cref="DeliveryRecord.ReminderPending"/>):
    /// the store records the attempt, and on <see cref="DeliveryState.Sent"/> counts the reminder
    /// (<see cref="DeliveryRecord.Reminders"/>, <see cref="DeliveryRecord.LastReminderAt"/>) and keeps the RFQ's own
    /// <see cref="DeliveryRecord.SentAt"/> and version. Null for the RFQ itself.
    /// </summary>
    public int? Reminder { get; set; }
}
