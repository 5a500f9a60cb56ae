using System.Collections.Concurrent;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Transports;

namespace RfqSender.Graph.Tests.Transports;

/// <summary>Passes messages on and keeps each one, so a test can compare what the fake received with what was sent.</summary>
public sealed class RecordingTransport : IMessageTransport
{
    private readonly IMessageTransport _inner;

    public RecordingTransport(IMessageTransport inner) => _inner = inner;

    public ConcurrentQueue<(OutgoingMessage Message, TransportOutcome Outcome)> Sent { get; } = new();

    public string Description => _inner.Description;

    public async Task<TransportOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var outcome = await _inner.SendAsync(message, cancellationToken);
        Sent.Enqueue((message, outcome));
        return outcome;
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
