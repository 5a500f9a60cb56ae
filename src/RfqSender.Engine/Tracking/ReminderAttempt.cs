namespace RfqSender.Engine.Tracking;

/// <summary>One recorded attempt of a reminder: which delivery, which reminder, and what became of it.</summary>
public sealed class ReminderAttempt
{
    /// <summary>The delivery.</summary>
    public long DeliveryId { get; set; }

    /// <summary>The vendor's key.</summary>
    public string VendorKey { get; set; } = string.Empty;

    /// <summary>The reminder's number (1 for the first).</summary>
    public int Number { get; set; }

    /// <summary>The state the attempt left the delivery in: Sent, Deferred, Failed or InDoubt.</summary>
    public DeliveryState State { get; set; }

    /// <summary>The transport's words.</summary>
    public string? Detail { get; set; }

    /// <summary>When the outcome happened.</summary>
    public DateTimeOffset At { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{VendorKey} reminder {Number}: {State} at {At:u}";
}
