using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tracking;

/// <summary>
/// The dispatcher's side of a store: register a campaign and its vendors, claim due deliveries under
/// a lease, record what happened to each, and give back or recover what a sender could not finish.
/// Every method commits before it returns, so the store is never left half-written, and a crash
/// loses at most the work under a lease. What a release or a recovery does to a delivery is decided
/// by <see cref="DeliveryLeaseRules"/>; a store only executes it.
/// </summary>
public interface IDeliveryQueue
{
    /// <summary>
    /// The clock every time given to this store is read from: the machine's for a store only one
    /// machine uses, the database server's for one that several share (so leases and limits mean
    /// the same on every machine, whatever their own clocks say).
    /// </summary>
    TimeProvider Clock { get; }

    /// <summary>Registers (or re-registers) the RFQ of a campaign. Deliveries are untouched.</summary>
    Task RegisterCampaignAsync(Rfq rfq, CancellationToken cancellationToken);

    /// <summary>
    /// Registers or updates the campaign with the fingerprint and version number of its RFQ
    /// (<see cref="Rfqs.RfqFingerprint"/>); a delivery sent from now on records this version.
    /// </summary>
    Task RegisterCampaignAsync(Rfq rfq, string fingerprint, int version, CancellationToken cancellationToken);

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

    /// <summary>
    /// The campaign's pause (<see cref="IDeliveryStore.SetCampaignPausedAsync"/>), or null when it is not
    /// paused (or unknown). A sender reads it before every claim and claims nothing while it holds.
    /// </summary>
    Task<CampaignPause?> GetCampaignPauseAsync(string rfqNumber, CancellationToken cancellationToken);

    /// <summary>Claims due deliveries (queued, or deferred and due) under a lease, in registration order.</summary>
    Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(ClaimRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Records that a claimed delivery's message is being handed to the transport now. False, recording
    /// nothing, when the claim is no longer <paramref name="owner"/>'s (its lease expired and another sender
    /// took it back): the message must then not be handed over.
    /// </summary>
    Task<bool> MarkInFlightAsync(long deliveryId, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Extends every claim <paramref name="owner"/> holds in the campaign to <paramref name="expires"/> (never
    /// shortening one): a live sender renews its claims, so only a sender that stopped lets them expire.
    /// Returns how many claims it holds.
    /// </summary>
    Task<int> RenewLeasesAsync(string rfqNumber, string owner, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>Records the outcome of a claimed delivery. Ignored (false) when the claim is no longer the owner's.</summary>
    Task<bool> CompleteAsync(DeliveryCompletion completion, CancellationToken cancellationToken);

    /// <summary>
    /// Gives claimed deliveries that were never handed to the transport back to the queue
    /// (<see cref="DeliveryLeaseRules.Release"/>). Those in flight are kept unless
    /// <paramref name="includeInFlight"/> (the transport refused before sending). Deliveries no longer
    /// claimed by <paramref name="owner"/> are left alone.
    /// </summary>
    Task ReleaseAsync(string owner, IReadOnlyCollection<long> deliveryIds, CancellationToken cancellationToken, bool includeInFlight = false);

    /// <summary>
    /// Resolves deliveries a stopped sender left <see cref="DeliveryState.Sending"/>: those whose lease
    /// expired, or whose owner <paramref name="isAbandoned"/> says is gone (a dead process on this
    /// machine). Those in flight become <see cref="DeliveryState.InDoubt"/>; the others were never
    /// handed over and go back to the queue (<see cref="DeliveryLeaseRules.Recover"/>). For the start of a run.
    /// </summary>
    Task<RecoveryResult> RecoverAbandonedAsync(string rfqNumber, DateTimeOffset now, Func<string, bool> isAbandoned, CancellationToken cancellationToken);

    /// <summary>
    /// Resolves, during a run, the deliveries of other senders whose lease expired by <paramref name="now"/>,
    /// as <see cref="RecoverAbandonedAsync"/> does. The claims of <paramref name="owner"/> (the caller) are
    /// never touched, expired or not, so it is safe to call repeatedly while the caller holds claims.
    /// </summary>
    Task<RecoveryResult> RecoverExpiredAsync(string rfqNumber, string owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Queues reminders the engine chose (Sending.ReminderRules): each delivery that is still Sent, with no reminder
    /// under way and exactly <see cref="ReminderRequest.Number"/> - 1 reminders sent, becomes Queued with
    /// <see cref="DeliveryRecord.ReminderPending"/> set and its attempts counted afresh, so the dispatcher sends it
    /// like any due delivery. The others are left alone (an answer, a bounce or another run came first).
    /// Returns the ids of the deliveries it queued.
    /// </summary>
    Task<IReadOnlyCollection<long>> QueueRemindersAsync(string rfqNumber, IReadOnlyCollection<ReminderRequest> reminders, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Puts deliveries in the given states back in the queue (resend in-doubt, retry failed). Returns how many.</summary>
    Task<int> RequeueAsync(string rfqNumber, IReadOnlyCollection<DeliveryState> states, CancellationToken cancellationToken);

    /// <summary>
    /// Takes room for one message under the limits of its sending identity, counting the slots every
    /// sender of that identity took in this store (<see cref="SendSlotRules"/>), atomically for all of
    /// them; or says when there will be room. Slots older than a day are forgotten.
    /// </summary>
    Task<SendSlot> TakeSendSlotAsync(SendSlotRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a slot to <paramref name="at"/>, when its message was accepted: a server counts a message when
    /// it arrives, which is no later than that. A slot never completed counts from when it was taken.
    /// </summary>
    Task CompleteSendSlotAsync(long slotId, DateTimeOffset at, CancellationToken cancellationToken);
}
