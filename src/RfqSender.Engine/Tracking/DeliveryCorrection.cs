namespace RfqSender.Engine.Tracking;

/// <summary>A planned change of one vendor's delivery: the delivery as it is, and what the change does (none when it is in the state already).</summary>
public sealed class DeliveryCorrection
{
    internal DeliveryCorrection(DeliveryRecord current, DeliveryState to, DeliveryStateChange? change)
    {
        Current = current;
        To = to;
        Change = change;
    }

    /// <summary>The delivery as it was read.</summary>
    public DeliveryRecord Current { get; }

    /// <summary>The state asked for.</summary>
    public DeliveryState To { get; }

    /// <summary>The change to execute; null when the delivery is in that state already.</summary>
    public DeliveryStateChange? Change { get; }

    /// <summary>True when nothing needs to change.</summary>
    public bool IsUnchanged => Change is null;

    /// <inheritdoc />
    public override string ToString() => $"{Current.RfqNumber} {Current.VendorKey}: {Current.State} to {To}";
}
