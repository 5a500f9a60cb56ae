using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Sending;

/// <summary>
/// A run's leases are not renewed, so with pauses between messages it claims no more than it can
/// send in half a lease: no claim of its own expires while it waits (and no other sender could
/// take it over).
/// </summary>
public sealed class LeaseSizedClaimTests
{
    [Fact]
    public async Task With_a_pause_between_messages_a_claim_holds_only_what_half_a_lease_can_send()
    {
        using var fixture = new SendFixture();
        var claimedAtSend = new List<int>();
        var transport = new ScriptedTransport
        {
            OnSend = _ => claimedAtSend.Add(fixture.Store.GetDeliveriesAsync(
                new DeliveryQuery(fixture.Rfq.Number) { States = new[] { DeliveryState.Sending } }, CancellationToken.None).GetAwaiter().GetResult().Count),
        };
        var options = new SendOptions { Owner = "test-owner", BatchSize = 50, DelayMs = 100, Lease = TimeSpan.FromMilliseconds(500) };
        var session = RfqSendSession.Create(fixture.Rfq, fixture.Store, transport, options);

        var results = await fixture.SendAsync(session, TestVendors.Many(6));

        Assert.Equal(6, results.Count(r => r.Action == SendAction.Sent));
        Assert.Equal(6, claimedAtSend.Count);
        Assert.All(claimedAtSend, n => Assert.InRange(n, 1, 2));
    }
}
