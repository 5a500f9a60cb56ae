namespace RfqSender.Engine.Tracking;

/// <summary>
/// One delivery with everything a store keeps of it (state, attempts, claim, Message-ID, the vendor
/// as registered, its changes by hand, its send attempts), for copying it to another store unchanged.
/// </summary>
public sealed class DeliveryExport
{
    /// <summary>The delivery as queries show it (its id is the source store's).</summary>
    public DeliveryRecord Record { get; set; } = new();

    /// <summary>The vendor as registered (<see cref="VendorSnapshot"/>).</summary>
    public string Vendor { get; set; } = string.Empty;

    /// <summary>True when its message was being handed to the transport when the claim ended.</summary>
    public bool InFlight { get; set; }

    /// <summary>Its changes by hand, oldest first.</summary>
    public IReadOnlyList<DeliveryChange> Changes { get; set; } = Array.Empty<DeliveryChange>();

    /// <summary>Its recorded send attempts (<see cref="DeliveryAttempt"/>), oldest first; its reminder attempts are not copied.</summary>
    public IReadOnlyList<DeliveryAttempt> Attempts { get; set; } = Array.Empty<DeliveryAttempt>();
}
