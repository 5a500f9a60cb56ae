namespace RfqSender.Engine.Tracking;

/// <summary>
/// One state change of one delivery, as <see cref="DeliveryTransitionRules"/> decided it, for a store
/// to execute: atomically, only while the delivery is still in <see cref="From"/>, and recorded with
/// who and when. The store applies exactly these effects and decides nothing itself.
/// </summary>
public sealed class DeliveryStateChange
{
    /// <summary>The delivery's store id.</summary>
    public long DeliveryId { get; set; }

    /// <summary>The RFQ number.</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The vendor's key.</summary>
    public string VendorKey { get; set; } = string.Empty;

    /// <summary>The state the delivery must still be in; when it is not, nothing is changed.</summary>
    public DeliveryState From { get; set; }

    /// <summary>The new state.</summary>
    public DeliveryState To { get; set; }

    /// <summary>Start counting attempts again (a delivery put back in the queue gets its full retries).</summary>
    public bool ResetAttempts { get; set; }

    /// <summary>Forget the recipients still due after a partial send (the next send goes to every contact).</summary>
    public bool ClearPendingRecipients { get; set; }

    /// <summary>When the delivery has no sent time yet, record this one (a delivery confirmed as sent).</summary>
    public DateTimeOffset? SentAtIfMissing { get; set; }

    /// <summary>When the delivery has no RFQ version yet, record the campaign's current one.</summary>
    public bool RecordRfqVersion { get; set; }

    /// <summary>When set, the delivery's detail (its last words) becomes this: a bounce's status and the server's words.</summary>
    public string? Detail { get; set; }

    /// <summary>Who makes the change.</summary>
    public string ChangedBy { get; set; } = string.Empty;

    /// <summary>Why, when said.</summary>
    public string? Reason { get; set; }

    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }
}
