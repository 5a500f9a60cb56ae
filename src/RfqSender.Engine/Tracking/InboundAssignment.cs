namespace RfqSender.Engine.Tracking;

/// <summary>
/// An unmatched inbound message assigned to a delivery by hand, for a store to execute: only while the
/// message is still unmatched, recorded with who and when, with the state change the message's kind
/// means for the delivery (decided by <see cref="DeliveryTransitionRules.DecideInbound"/>), in one transaction.
/// </summary>
public sealed class InboundAssignment
{
    /// <summary>The record id of the inbound message.</summary>
    public long InboundId { get; set; }

    /// <summary>The delivery it belongs to.</summary>
    public long DeliveryId { get; set; }

    /// <summary>Who assigned it.</summary>
    public string AssignedBy { get; set; } = string.Empty;

    /// <summary>Why, when said.</summary>
    public string? Reason { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The change of the delivery's state it brings, or null when it brings none.</summary>
    public DeliveryStateChange? Change { get; set; }
}
