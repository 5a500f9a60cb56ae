using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tracking;

/// <summary>
/// Where campaigns and deliveries are tracked. Every method commits before it returns, so the
/// store is never left half-written, and a crash loses at most the work under a lease.
/// </summary>
public interface IDeliveryStore : IDisposable
{
    /// <summary>Where the store lives (a file path or a server and database); never holds a secret.</summary>
    string Description { get; }

    /// <summary>Registers (or re-registers) the RFQ of a campaign. Deliveries are untouched.</summary>
    Task RegisterCampaignAsync(Rfq rfq, CancellationToken cancellationToken);

    /// <summary>
    /// Adds one delivery per vendor to a registered campaign, in one transaction. Vendors already
    /// present keep their state; the snapshot of a vendor not yet sent is refreshed.
    /// </summary>
    Task<RegistrationResult> RegisterVendorsAsync(
        string rfqNumber,
        IReadOnlyList<Vendor> vendors,
        Func<Vendor, string> messageIdOf,
        CancellationToken cancellationToken);

    /// <summary>Claims due deliveries (queued, or deferred and due) under a lease, oldest first.</summary>
    Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken);

    /// <summary>Records the outcome of a claimed delivery. Ignored when the claim is no longer the owner's.</summary>
    Task<bool> CompleteAsync(DeliveryCompletion completion, CancellationToken cancellationToken);

    /// <summary>Gives claimed deliveries that were never handed to the transport back to the queue.</summary>
    Task ReleaseAsync(string owner, IReadOnlyCollection<long> deliveryIds, CancellationToken cancellationToken);

    /// <summary>
    /// Turns deliveries left <see cref="DeliveryState.Sending"/> under an expired lease (a crashed
    /// sender) into <see cref="DeliveryState.InDoubt"/>. Returns how many changed.
    /// </summary>
    Task<int> RecoverExpiredLeasesAsync(string rfqNumber, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deliveries of a campaign matching the query, in registration order.</summary>
    Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(DeliveryQuery query, CancellationToken cancellationToken);

    /// <summary>Registered campaigns with their counts by state; one campaign when a number is given.</summary>
    Task<IReadOnlyList<CampaignRecord>> GetCampaignsAsync(string? rfqNumber, CancellationToken cancellationToken);
}
