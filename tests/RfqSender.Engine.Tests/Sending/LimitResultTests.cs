using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Sending;

/// <summary>A limit that ends a run still gives every vendor its one result, with its true state and the true reason.</summary>
public sealed class LimitResultTests
{
    [Theory]
    [InlineData(50)]
    [InlineData(2)]
    public async Task A_daily_limit_gives_every_vendor_one_result_with_the_state_it_is_left_in(int batchSize)
    {
        using var fixture = new SendFixture();
        var transport = new ScriptedTransport();
        var session = fixture.Session(transport, new SendOptions { Owner = "o", RatePerDay = 2, BatchSize = batchSize });

        var results = await fixture.SendAsync(session, TestVendors.Many(7));

        Assert.Equal(7, results.Count);
        Assert.Equal(7, results.Select(r => r.VendorKey).Distinct().Count());
        Assert.Equal(2, results.Count(r => r.Action == SendAction.Sent));
        var notSent = results.Where(r => r.Action == SendAction.NotSent).ToList();
        Assert.Equal(5, notSent.Count);
        Assert.All(notSent, r =>
        {
            Assert.Equal(DeliveryState.Queued, r.State);
            Assert.Equal(0, r.Attempts);
            Assert.Contains("rate limit", r.Detail);
            Assert.DoesNotContain("per-run maximum", r.Detail);
        });
        var stored = await fixture.DeliveriesAsync();
        Assert.All(notSent, r => Assert.Equal(DeliveryState.Queued, stored[r.VendorKey].State));
    }

    [Fact]
    public async Task A_per_run_maximum_says_so_and_leaves_the_rest_queued()
    {
        using var fixture = new SendFixture();
        var session = fixture.Session(new ScriptedTransport(), new SendOptions { Owner = "o", MaxMessages = 3, BatchSize = 2 });

        var results = await fixture.SendAsync(session, TestVendors.Many(6));

        Assert.Equal(6, results.Count);
        Assert.Equal(3, results.Count(r => r.Action == SendAction.Sent));
        Assert.All(results.Where(r => r.Action == SendAction.NotSent), r =>
        {
            Assert.Equal(DeliveryState.Queued, r.State);
            Assert.Contains("per-run maximum", r.Detail);
        });
    }

    [Fact]
    public async Task A_rate_limit_wait_is_announced_once_per_wait_with_the_limit_and_when_the_next_message_goes()
    {
        using var fixture = new SendFixture();
        var session = fixture.Session(new ScriptedTransport(), new SendOptions { Owner = "o", RatePerMinute = 2 });
        session.RateLimitDelay = (wait, _) =>
        {
            fixture.Clock.Advance(wait);
            return Task.CompletedTask;
        };
        var notices = new List<string>();
        session.Notice = notices.Add;

        var results = await fixture.SendAsync(session, TestVendors.Many(5));

        Assert.Equal(5, results.Count(r => r.Action == SendAction.Sent));
        // Two go at once; the third waits a minute (the fourth goes with it), the fifth another: two waits, two notices.
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Matches(@"^waiting \d+ s for the rate limit \(2 messages a minute\): the next message goes at ", n));
    }
}
