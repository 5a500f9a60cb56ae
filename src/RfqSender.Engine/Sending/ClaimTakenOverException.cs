namespace RfqSender.Engine.Sending;

/// <summary>
/// Thrown from <see cref="Messages.OutgoingMessage.ContentStarting"/> when the store says the claim is
/// no longer this sender's (it held it past its lease and another sender took it back): the
/// transport stops before the content goes out, and the delivery is the other sender's to send.
/// </summary>
internal sealed class ClaimTakenOverException : Exception
{
    public ClaimTakenOverException(long deliveryId)
        : base($"the claim of delivery {deliveryId} expired and another sender took it over")
    {
        DeliveryId = deliveryId;
    }

    /// <summary>The delivery.</summary>
    public long DeliveryId { get; }
}
