using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Transports;

/// <summary>
/// A transport that sends several messages faster as one sequence than one by one (SMTP with
/// PIPELINING: the next message's envelope follows the previous message's final dot). A dispatcher
/// that has the next messages at hand may use it instead of <see cref="IMessageTransport.SendAsync"/>.
/// </summary>
public interface ISendsMessageSequences : IMessageTransport
{
    /// <summary>
    /// Sends the messages in order and reports each outcome (index into <paramref name="messages"/>,
    /// outcome) as soon as it is known, before the next message's content goes out; each outcome is
    /// what <see cref="IMessageTransport.SendAsync"/> would have returned for that message. When this
    /// throws (as <see cref="IMessageTransport.SendAsync"/> would for the first message not reported;
    /// a <see cref="TransportUnavailableException.Outcome"/> belongs to that message), or when
    /// <paramref name="onOutcome"/> throws, the messages not reported were not sent: their content
    /// never went out. <see cref="OutgoingMessage.ContentStarting"/> is called per message, as for a
    /// single send.
    /// </summary>
    Task SendSequenceAsync(IReadOnlyList<OutgoingMessage> messages, Func<int, TransportOutcome, Task> onOutcome, CancellationToken cancellationToken);
}
