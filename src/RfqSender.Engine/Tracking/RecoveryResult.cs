namespace RfqSender.Engine.Tracking;

/// <summary>What recovering a stopped sender's deliveries did.</summary>
public sealed class RecoveryResult
{
    /// <summary>Creates a result.</summary>
    public RecoveryResult(int inDoubt, int requeued)
    {
        InDoubt = inDoubt;
        Requeued = requeued;
    }

    /// <summary>Deliveries that were in flight: now <see cref="DeliveryState.InDoubt"/>.</summary>
    public int InDoubt { get; }

    /// <summary>Deliveries that were claimed but never handed over: back in the queue.</summary>
    public int Requeued { get; }
}
