using RfqSender.Engine.Messages;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Support;

/// <summary>A transport that takes a while per message and records how many it sent at once.</summary>
public sealed class SlowTransport : IMessageTransport
{
    private readonly TimeSpan _duration;
    private int _inFlight;
    private int _sent;
    private int _maxParallel;

    public SlowTransport(TimeSpan duration) => _duration = duration;

    public int Sent => Volatile.Read(ref _sent);

    public int MaxParallel => Volatile.Read(ref _maxParallel);

    public string Description => "slow";

    public async Task<TransportOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while ((seen = Volatile.Read(ref _maxParallel)) < now && Interlocked.CompareExchange(ref _maxParallel, now, seen) != seen)
        {
        }

        await Task.Delay(_duration, cancellationToken);
        Interlocked.Decrement(ref _inFlight);
        Interlocked.Increment(ref _sent);
        return TransportOutcome.Sent();
    }

    public ValueTask DisposeAsync() => default;
}
