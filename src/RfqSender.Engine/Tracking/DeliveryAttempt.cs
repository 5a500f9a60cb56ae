namespace RfqSender.Engine.Tracking;

/// <summary>
/// One recorded attempt of a delivery's RFQ (not of its reminders, see <see cref="ReminderAttempt"/>):
/// which delivery, which attempt, what became of it and what the server or the store said. A store
/// records one when a sender completes its claim, and when it takes over a stopped sender's claim
/// whose message may have gone out (InDoubt). A claim given back before its message was handed over
/// is not an attempt and leaves none.
/// </summary>
public sealed class DeliveryAttempt
{
    /// <summary>The delivery.</summary>
    public long DeliveryId { get; set; }

    /// <summary>The vendor's key.</summary>
    public string VendorKey { get; set; } = string.Empty;

    /// <summary>The attempt's number: the delivery's attempts count after it (1 for the first).</summary>
    public int Number { get; set; }

    /// <summary>The state the attempt left the delivery in: Sent, Deferred, Failed or InDoubt.</summary>
    public DeliveryState State { get; set; }

    /// <summary>The server's reply, or the reason the store gave (a stopped sender); null when none was recorded.</summary>
    public string? Detail { get; set; }

    /// <summary>When the outcome was recorded.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The sender whose claim it was (<c>machine/process id/run id</c>); null when unknown.</summary>
    public string? Sender { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{VendorKey} attempt {Number}: {State} at {At:u}";
}
