using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tracking;

/// <summary>A delivery claimed for sending under a lease, with the vendor as registered.</summary>
public sealed class ClaimedDelivery
{
    /// <summary>Creates a claimed delivery.</summary>
    public ClaimedDelivery(DeliveryRecord record, Vendor vendor)
    {
        Record = record;
        Vendor = vendor ?? throw new ArgumentNullException(nameof(vendor));
    }

    /// <summary>Creates a claimed delivery whose stored vendor cannot be read back (it fails alone, not the claim).</summary>
    public ClaimedDelivery(DeliveryRecord record, string vendorError)
    {
        Record = record;
        VendorError = vendorError ?? throw new ArgumentNullException(nameof(vendorError));
    }

    /// <summary>The delivery as it stood when claimed (state already <see cref="DeliveryState.Sending"/>).</summary>
    public DeliveryRecord Record { get; }

    /// <summary>The vendor snapshot stored at registration; null when it cannot be read (<see cref="VendorError"/>).</summary>
    public Vendor? Vendor { get; }

    /// <summary>Why the stored vendor cannot be read back, e.g. an address a later version refuses; null when it can.</summary>
    public string? VendorError { get; }
}
