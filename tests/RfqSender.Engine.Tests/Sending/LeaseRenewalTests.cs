using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Sending;

/// <summary>A run renews its claims while it works on them, so a run longer than its lease keeps them.</summary>
public sealed class LeaseRenewalTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Claims_held_longer_than_the_lease_are_renewed_and_never_lapse()
    {
        using var store = DeliveryStoreFactory.Open(StoreSettings.Sqlite(_temp.Combine("rfq.db")), create: true);
        var rfq = SendFixture.CreateRfq();
        var observed = new List<(DateTimeOffset At, DateTimeOffset? Expires)>();
        var transport = new SlowTransport(TimeSpan.FromMilliseconds(300));
        var options = new SendOptions { Owner = "me", BatchSize = 12, Concurrency = 1, RetryCount = 0, Lease = TimeSpan.FromMilliseconds(1500) };
        var session = RfqSendSession.Create(rfq, store, transport, options);

        var run = session.SendVendorsAsync(TestVendors.Many(12), _ => { }, CancellationToken.None);
        while (!run.IsCompleted)
        {
            // Stamped before the read: what the read returns is at least as recent as this time.
            var at = DateTimeOffset.UtcNow;
            var last = (await store.GetDeliveriesAsync(new DeliveryQuery(rfq.Number) { VendorKeys = new[] { "v0012" } }, CancellationToken.None)).SingleOrDefault();
            if (last is { State: DeliveryState.Sending })
            {
                observed.Add((at, last.LeaseExpiresAt));
            }

            await Task.Delay(100);
        }

        await run;

        // The last vendor waits about 3.3 s in a claim of 1.5 s: each time it was looked at, its claim
        // was still in the future, and it was pushed on while the run lasted.
        var whileClaimed = observed.Where(o => o.Expires is not null).ToList();
        Assert.True(whileClaimed.Count >= 3, $"observed {whileClaimed.Count} times");
        Assert.All(whileClaimed, o => Assert.True(o.Expires > o.At, $"the claim had lapsed at {o.At:O} (expires {o.Expires:O})"));
        Assert.True(whileClaimed[^1].Expires > whileClaimed[0].Expires, "the claim was never renewed");
        Assert.Equal(12, (await store.GetDeliveriesAsync(new DeliveryQuery(rfq.Number), CancellationToken.None)).Count(d => d.State == DeliveryState.Sent));
    }
}
