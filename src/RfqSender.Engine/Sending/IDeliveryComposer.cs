using RfqSender.Engine.Messages;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Sending;

/// <summary>
/// Makes the message of one claimed delivery. The dispatcher sends whatever its composer makes: the
/// RFQ itself for a first send, a reminder (another composer) over other selected deliveries.
/// </summary>
public interface IDeliveryComposer
{
    /// <summary>The message for <paramref name="delivery"/>, dated <paramref name="date"/>.</summary>
    /// <exception cref="RfqSenderException">The message cannot be made for this vendor; the delivery fails alone.</exception>
    OutgoingMessage Compose(ClaimedDelivery delivery, DateTimeOffset date);
}
