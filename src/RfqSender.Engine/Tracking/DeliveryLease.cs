namespace RfqSender.Engine.Tracking;

/// <summary>A claimed (<see cref="DeliveryState.Sending"/>) delivery's lease, as a store reads it to apply <see cref="DeliveryLeaseRules"/>.</summary>
public sealed class DeliveryLease
{
    /// <summary>Creates a lease.</summary>
    public DeliveryLease(long deliveryId, string? owner, DateTimeOffset? expiresAt, bool inFlight, int attempts)
    {
        DeliveryId = deliveryId;
        Owner = owner;
        ExpiresAt = expiresAt;
        InFlight = inFlight;
        Attempts = attempts;
    }

    /// <summary>The claimed delivery.</summary>
    public long DeliveryId { get; }

    /// <summary>The sender holding the claim (<c>machine/process id/run id</c>).</summary>
    public string? Owner { get; }

    /// <summary>When the claim lapses unless completed.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>True once the message was being handed to the transport: it may have reached the server.</summary>
    public bool InFlight { get; }

    /// <summary>Attempts counted so far, this claim's included.</summary>
    public int Attempts { get; }
}
