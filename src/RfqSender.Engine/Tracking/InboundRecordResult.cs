namespace RfqSender.Engine.Tracking;

/// <summary>What recording an inbound message did: its record's id, whether it was new, and whether its delivery changed.</summary>
public sealed class InboundRecordResult
{
    /// <summary>Creates a result.</summary>
    public InboundRecordResult(long id, bool recorded, bool deliveryChanged)
    {
        Id = id;
        Recorded = recorded;
        DeliveryChanged = deliveryChanged;
    }

    /// <summary>The store's id of the record (the earlier one when it was recorded already).</summary>
    public long Id { get; }

    /// <summary>True when the message was new; false when the store held it already (by Message-ID or source id), which changed nothing.</summary>
    public bool Recorded { get; }

    /// <summary>True when the state change given with it was executed.</summary>
    public bool DeliveryChanged { get; }
}
