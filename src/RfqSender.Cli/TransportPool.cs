using RfqSender.Engine.Transports;

namespace RfqSender.Cli;

/// <summary>Disposes each distinct transport of a pool once.</summary>
internal sealed class TransportPool : IAsyncDisposable
{
    private readonly IReadOnlyList<IMessageTransport> _transports;

    public TransportPool(IReadOnlyList<IMessageTransport> transports) => _transports = transports;

    public async ValueTask DisposeAsync()
    {
        foreach (var transport in _transports.Distinct())
        {
            await transport.DisposeAsync();
        }
    }
}
