namespace RfqSender.Engine.Tracking;

/// <summary>
/// The store's answer to a <see cref="SendSlotRequest"/>: room was taken (<see cref="Granted"/>,
/// counted from now until a window after <see cref="IDeliveryQueue.CompleteSendSlotAsync"/>), or
/// not, and then the earliest time the message would fit.
/// </summary>
public sealed class SendSlot
{
    private SendSlot(long id, DateTimeOffset? retryAt, SendLimit? limit)
    {
        Id = id;
        RetryAt = retryAt;
        Limit = limit;
    }

    /// <summary>True when the message may go now.</summary>
    public bool Granted => RetryAt is null;

    /// <summary>The slot taken, for <see cref="IDeliveryQueue.CompleteSendSlotAsync"/>; 0 when none was.</summary>
    public long Id { get; }

    /// <summary>When not granted: the earliest time the message fits under every limit.</summary>
    public DateTimeOffset? RetryAt { get; }

    /// <summary>When not granted: the limit that is full (the one that frees latest).</summary>
    public SendLimit? Limit { get; }

    /// <summary>A slot taken.</summary>
    public static SendSlot Taken(long id) => new(id, null, null);

    /// <summary>No room until <paramref name="retryAt"/>, because <paramref name="limit"/> is full.</summary>
    public static SendSlot Full(DateTimeOffset retryAt, SendLimit limit) => new(0, retryAt, limit);
}
