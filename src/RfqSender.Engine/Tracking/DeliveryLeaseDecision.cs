namespace RfqSender.Engine.Tracking;

/// <summary>What <see cref="DeliveryLeaseRules"/> decided for one claimed delivery; a store writes it and ends the claim.</summary>
public sealed class DeliveryLeaseDecision
{
    /// <summary>Creates a decision.</summary>
    public DeliveryLeaseDecision(DeliveryState state, int attempts, string? detail)
    {
        State = state;
        Attempts = attempts;
        Detail = detail;
    }

    /// <summary>The state the delivery takes.</summary>
    public DeliveryState State { get; }

    /// <summary>The attempts it keeps.</summary>
    public int Attempts { get; }

    /// <summary>The detail recorded with it; null keeps the one it has.</summary>
    public string? Detail { get; }
}
