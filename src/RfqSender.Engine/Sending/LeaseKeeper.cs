using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Sending;

/// <summary>
/// Keeps a run's claims alive while it works on them: every third of a lease it extends every claim
/// of its owner to a full lease from now (<see cref="IDeliveryQueue.RenewLeasesAsync"/>). A sender that
/// dies stops renewing, so its claims expire one lease after its last renewal and the other senders
/// take them over; a slow server or a long rate-limit wait no longer lets a live sender's claims lapse.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LeaseKeeper(IDeliveryQueue store, string rfqNumber, string owner, TimeSpan lease, TimeProvider clock)
    {
        _loop = RenewAsync(store, rfqNumber, owner, lease, clock, _stop.Token);
    }

    /// <summary>How many renewals were made (for tests).</summary>
    public int Renewals { get; private set; }

    /// <summary>Starts renewing the claims of <paramref name="owner"/> in the campaign.</summary>
    public static LeaseKeeper Start(IDeliveryQueue store, string rfqNumber, string owner, TimeSpan lease, TimeProvider clock) =>
        new(store, rfqNumber, owner, lease, clock);

    /// <summary>Stops renewing (the claims end as their deliveries complete or are released).</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RenewAsync(IDeliveryQueue store, string rfqNumber, string owner, TimeSpan lease, TimeProvider clock, CancellationToken token)
    {
        var every = TimeSpan.FromTicks(Math.Max(lease.Ticks / 3, TimeSpan.FromMilliseconds(100).Ticks));
        while (!token.IsCancellationRequested)
        {
            // Real time, whatever clock the run reads: a test's fake clock does not move on its own.
            await Task.Delay(every, token).ConfigureAwait(false);
            try
            {
                await store.RenewLeasesAsync(rfqNumber, owner, clock.GetUtcNow() + lease, token).ConfigureAwait(false);
                Renewals++;
            }
            catch (RfqSenderException)
            {
                // The store is away: the sends will meet it too and stop the run; the claims expire.
                return;
            }
        }
    }
}
