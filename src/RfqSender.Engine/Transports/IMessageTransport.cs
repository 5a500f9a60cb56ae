using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Transports;

/// <summary>Delivers rendered messages: SMTP, Microsoft Graph, or a pickup folder.</summary>
public interface IMessageTransport : IAsyncDisposable
{
    /// <summary>A short name for results and logs, e.g. <c>Pickup(C:\out)</c>; never holds a secret.</summary>
    string Description { get; }

    /// <summary>
    /// Delivers one message and classifies the result. Failures of this message (refused, throttled,
    /// connection lost) are returned as outcomes, not thrown. A transport throws only when it cannot
    /// send at all (authentication, certificate, access denied: an <see cref="RfqSenderException"/>
    /// saying what to fix), which stops the run, or when a message cannot be written
    /// (<see cref="Messages.MimeWriteException"/>, before anything was sent), which fails that vendor.
    /// </summary>
    Task<TransportOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}
