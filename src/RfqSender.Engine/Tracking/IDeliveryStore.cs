namespace RfqSender.Engine.Tracking;

/// <summary>
/// A store of campaigns and deliveries: its read side (<see cref="IDeliveryReader"/>), the
/// dispatcher's contract (<see cref="IDeliveryQueue"/>), inbound messages and what they did
/// (<see cref="IInboundStore"/>), and changes made by hand. Opened through
/// <see cref="DeliveryStoreFactory.Open"/>; every implementation passes the same contract suite.
/// </summary>
public interface IDeliveryStore : IDeliveryReader, IDeliveryQueue, IInboundStore, IDisposable
{
    /// <summary>
    /// Executes a change decided by <see cref="DeliveryTransitionRules"/> and records it (who, when, why),
    /// in one transaction, only while the delivery is still in <see cref="DeliveryStateChange.From"/>.
    /// Returns false, changing nothing, when it is not (a send claimed or completed it meanwhile).
    /// </summary>
    Task<bool> ChangeStateAsync(DeliveryStateChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Pauses the campaign (recording who, why and when by the store's clock; a campaign paused already
    /// keeps its pause) or, with <paramref name="paused"/> false, lifts the pause. Senders claim nothing
    /// of a paused campaign; deliveries keep their states. Returns the campaign as it is now, or null
    /// when the store does not know it.
    /// </summary>
    Task<CampaignRecord?> SetCampaignPausedAsync(string rfqNumber, bool paused, string by, string? reason, CancellationToken cancellationToken);

    /// <summary>Records an operator action; returns it with its id and, when it had none, the store's time.</summary>
    Task<AuditEntry> RecordAuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The campaign with everything the store keeps of it, for a copy; null when unknown.</summary>
    Task<CampaignExport?> ExportCampaignAsync(string rfqNumber, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> deliveries of a campaign after the one with id <paramref name="afterId"/>, in registration order, with everything the store keeps of them.</summary>
    Task<IReadOnlyList<DeliveryExport>> ExportDeliveriesAsync(string rfqNumber, long afterId, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a campaign copied from another store (when this one does not hold it) and those of its
    /// deliveries this store does not hold yet (by vendor key), each with its state, attempts, claim,
    /// Message-ID, times and changes unchanged, in one transaction. Deliveries already held are left
    /// as they are, so importing the same deliveries twice changes nothing.
    /// </summary>
    Task<ImportResult> ImportAsync(CampaignExport campaign, IReadOnlyList<DeliveryExport> deliveries, CancellationToken cancellationToken);
}
