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
    /// Registers or updates the campaign with the fingerprint and version number of its RFQ
    /// (<see cref="Rfqs.RfqFingerprint"/>); a delivery sent from now on records this version.
    /// </summary>
    Task RegisterCampaignAsync(Rfq rfq, string fingerprint, int version, CancellationToken cancellationToken);

    /// <summary>The version of the campaign's RFQ and how many vendors may have received it; null when the campaign is unknown.</summary>
    Task<CampaignVersion?> GetCampaignVersionAsync(string rfqNumber, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the campaign's input as still arriving (a note saying which run, while it registers
    /// its vendors) or, with null, as complete. A run that dies while its input is open leaves the
    /// note, so the campaign's summary says its vendor list was never fully registered.
    /// </summary>
    Task SetInputOpenAsync(string rfqNumber, string? note, CancellationToken cancellationToken);

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

    /// <summary>
    /// Gives claimed deliveries that were never handed to the transport back to the queue. Those in
    /// flight are kept unless <paramref name="includeInFlight"/> (the transport refused before sending).
    /// </summary>
    Task ReleaseAsync(string owner, IReadOnlyCollection<long> deliveryIds, CancellationToken cancellationToken, bool includeInFlight = false);

    /// <summary>Records that a claimed delivery's message is being handed to the transport now.</summary>
    Task MarkInFlightAsync(long deliveryId, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Resolves deliveries a stopped sender left <see cref="DeliveryState.Sending"/>: those whose lease
    /// expired, or whose owner <paramref name="isAbandoned"/> says is gone (a dead process on this
    /// machine). Those in flight become <see cref="DeliveryState.InDoubt"/>; the others were never
    /// handed over and go back to the queue.
    /// </summary>
    Task<RecoveryResult> RecoverAbandonedAsync(string rfqNumber, DateTimeOffset now, Func<string, bool> isAbandoned, CancellationToken cancellationToken);

    /// <summary>Puts deliveries in the given states back in the queue (resend in-doubt, retry failed). Returns how many.</summary>
    Task<int> RequeueAsync(string rfqNumber, IReadOnlyCollection<DeliveryState> states, CancellationToken cancellationToken);

    /// <summary>Every delivery sent since <paramref name="since"/>, in any campaign: when, and to how many recipients (for rate limits).</summary>
    Task<IReadOnlyList<(DateTimeOffset SentAt, int Recipients)>> GetRecentSendsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The vendor categories of one campaign, or of every campaign when <paramref name="rfqNumber"/> is null, sorted.</summary>
    Task<IReadOnlyList<string>> GetCategoriesAsync(string? rfqNumber, CancellationToken cancellationToken);

    /// <summary>Delivery counts of a campaign by category and state.</summary>
    Task<IReadOnlyList<(string Category, DeliveryState State, int Count)>> GetCountsByCategoryAsync(string rfqNumber, CancellationToken cancellationToken);

    /// <summary>Deliveries of a campaign matching the query, in registration order.</summary>
    Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(DeliveryQuery query, CancellationToken cancellationToken);

    /// <summary>Registered campaigns with their counts by state and last activity; one campaign when a number is given.</summary>
    Task<IReadOnlyList<CampaignRecord>> GetCampaignsAsync(string? rfqNumber, CancellationToken cancellationToken);

    /// <summary>
    /// Executes a change decided by <see cref="DeliveryTransitionRules"/> and records it (who, when, why),
    /// in one transaction, only while the delivery is still in <see cref="DeliveryStateChange.From"/>.
    /// Returns false, changing nothing, when it is not (a send claimed or completed it meanwhile).
    /// </summary>
    Task<bool> ChangeStateAsync(DeliveryStateChange change, CancellationToken cancellationToken);

    /// <summary>The recorded changes of a campaign's deliveries (of these vendors, when given), oldest first.</summary>
    Task<IReadOnlyList<DeliveryChange>> GetChangesAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken);
}
