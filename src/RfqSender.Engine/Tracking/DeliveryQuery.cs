namespace RfqSender.Engine.Tracking;

/// <summary>A filter over a campaign's deliveries.</summary>
public sealed class DeliveryQuery
{
    /// <summary>Creates a query for one campaign.</summary>
    public DeliveryQuery(string rfqNumber) => RfqNumber = rfqNumber;

    /// <summary>The campaign.</summary>
    public string RfqNumber { get; }

    /// <summary>Only deliveries in these states, when set.</summary>
    public IReadOnlyCollection<DeliveryState>? States { get; set; }

    /// <summary>Only these vendors, when set.</summary>
    public IReadOnlyCollection<string>? VendorKeys { get; set; }

    /// <summary>Only vendors in any of these categories (case-insensitive), when set.</summary>
    public IReadOnlyCollection<string>? Categories { get; set; }
}
