using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Transports;

/// <summary>Delivers rendered messages: SMTP, Microsoft Graph, or a pickup folder.</summary>
public interface IMessageTransport : IAsyncDisposable
{
    /// <summary>A short name for results and logs, e.g. <c>Pickup(C:\out)</c>; never holds a secret.</summary>
    string Description { get; }

    /// <summary>
    /// Delivers one message and classifies the result. Expected failures are returned as outcomes,
    /// not thrown; only cancellation and programming errors throw.
    /// </summary>
    Task<DeliveryOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}
