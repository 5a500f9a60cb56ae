using System.Globalization;

namespace RfqSender.Engine.Tracking;

/// <summary>A change a person made to a delivery's state (Set-RfqDelivery, <c>rfq deliveries set</c>), as the store recorded it.</summary>
public sealed class DeliveryChange
{
    /// <summary>The RFQ number.</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The vendor's key.</summary>
    public string VendorKey { get; set; } = string.Empty;

    /// <summary>The vendor's name.</summary>
    public string VendorName { get; set; } = string.Empty;

    /// <summary>The state before the change.</summary>
    public DeliveryState From { get; set; }

    /// <summary>The state the change set.</summary>
    public DeliveryState To { get; set; }

    /// <summary>Who made the change: the account that ran the command.</summary>
    public string ChangedBy { get; set; } = string.Empty;

    /// <summary>Why, as the person said (-Reason, --reason); null when none was given.</summary>
    public string? Reason { get; set; }

    /// <summary>When the change was made.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>The change as one line, e.g. <c>Queued to Skipped on 2026-11-22 09:00:00Z by alice: duplicate</c>.</summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} to {1} on {2:u} by {3}", From, To, ChangedAt.ToUniversalTime(), ChangedBy)
        + (Reason is null ? string.Empty : ": " + Reason);
}
