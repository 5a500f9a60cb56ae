namespace RfqSender.Engine.Tracking;

/// <summary>
/// A store of campaigns and deliveries: its read side (<see cref="IDeliveryReader"/>), the
/// dispatcher's contract (<see cref="IDeliveryQueue"/>), and changes made by hand. Opened through
/// <see cref="DeliveryStoreFactory.Open"/>; every implementation passes the same contract suite.
/// </summary>
public interface IDeliveryStore : IDeliveryReader, IDeliveryQueue, IDisposable
{
    /// <summary>
    /// Executes a change decided by <see cref="DeliveryTransitionRules"/> and records it (who, when, why),
    /// in one transaction, only while the delivery is still in <see cref="DeliveryStateChange.From"/>.
    /// Returns false, changing nothing, when it is not (a send claimed or completed it meanwhile).
    /// </summary>
    Task<bool> ChangeStateAsync(DeliveryStateChange change, CancellationToken cancellationToken);
}
