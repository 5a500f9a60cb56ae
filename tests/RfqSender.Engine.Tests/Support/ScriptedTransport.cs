using RfqSender.Engine.Messages;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Support;

/// <summary>A transport that records every message and answers what the test scripts per recipient.</summary>
public sealed class ScriptedTransport : IMessageTransport
{
    private readonly Func<OutgoingMessage, TransportOutcome> _answer;

    public ScriptedTransport(Func<OutgoingMessage, TransportOutcome>? answer = null) =>
        _answer = answer ?? (_ => TransportOutcome.Sent("250 2.0.0 queued"));

    public List<OutgoingMessage> Messages { get; } = new();

    public Action<OutgoingMessage>? OnSend { get; set; }

    public string Description => "scripted";

    public IEnumerable<string> RecipientsSent => Messages.Select(m => m.To[0].Address);

    public Task<TransportOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        Messages.Add(message);
        OnSend?.Invoke(message);
        return Task.FromResult(_answer(message));
    }

    public ValueTask DisposeAsync() => default;
}
