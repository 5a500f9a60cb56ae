using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tracking;

/// <summary>A delivery claimed for sending under a lease, with the vendor as registered.</summary>
public sealed class ClaimedDelivery
{
    /// <summary>Creates a claimed delivery.</summary>
    public ClaimedDelivery(DeliveryRecord record, Vendor vendor)
    {
        Record = record;
        Vendor = vendor;
    }

    /// <summary>The delivery as it stood when claimed (state already <see cref="DeliveryState.Sending"/>).</summary>
    public DeliveryRecord Record { get; }

    /// <summary>The vendor snapshot stored at registration.</summary>
    public Vendor Vendor { get; }
}
