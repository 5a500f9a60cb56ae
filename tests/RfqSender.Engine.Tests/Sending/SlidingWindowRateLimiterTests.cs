using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Engine.Tests.Sending;

public sealed class SlidingWindowRateLimiterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static (SlidingWindowRateLimiter Limiter, ManualClock Clock) Create(int limit, TimeSpan window)
    {
        var clock = new ManualClock(T0);
        var limiter = new SlidingWindowRateLimiter(limit, window, clock, (wait, _) =>
        {
            clock.Advance(wait);
            return Task.CompletedTask;
        });
        return (limiter, clock);
    }

    private static int MaxInAnyWindow(IReadOnlyList<(DateTimeOffset At, int Permits)> grants, TimeSpan window) =>
        grants.Select((g, i) => grants.Skip(i).TakeWhile(h => h.At < g.At + window).Sum(h => h.Permits)).Max();

    [Fact]
    public async Task No_window_ever_holds_more_than_the_limit_and_throughput_stays_at_it()
    {
        var (limiter, clock) = Create(30, TimeSpan.FromMinutes(1));
        var grants = new List<(DateTimeOffset, int)>();
        var random = new Random(7);

        for (var i = 0; i < 900; i++)
        {
            // A sender that is sometimes idle: gaps between 0 and 3 seconds.
            clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, 3000)));
            await limiter.WaitAsync(1, CancellationToken.None);
            grants.Add((clock.Now, 1));
        }

        Assert.Equal(30, MaxInAnyWindow(grants, TimeSpan.FromMinutes(1)));
        var minutes = (clock.Now - T0).TotalMinutes;
        Assert.InRange(900 / minutes, 28.5, 30.0);
    }

    [Fact]
    public async Task A_saturated_sender_gets_exactly_the_limit_per_window()
    {
        var (limiter, clock) = Create(600, TimeSpan.FromMinutes(1));
        var grants = new List<(DateTimeOffset, int)>();

        for (var i = 0; i < 6000; i++)
        {
            await limiter.WaitAsync(1, CancellationToken.None);
            grants.Add((clock.Now, 1));
        }

        Assert.Equal(600, MaxInAnyWindow(grants, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(9), clock.Now - T0);
    }

    [Fact]
    public async Task Recipient_permits_count_and_earlier_sends_are_remembered()
    {
        var (limiter, clock) = Create(10, TimeSpan.FromDays(1));
        limiter.Seed(new[] { (T0.AddHours(-23), 4), (T0.AddHours(-30), 50) });

        await limiter.WaitAsync(3, CancellationToken.None);
        await limiter.WaitAsync(3, CancellationToken.None);
        Assert.Equal(T0, clock.Now);
        await limiter.WaitAsync(3, CancellationToken.None);

        Assert.Equal(T0.AddHours(1), clock.Now);
    }

    [Fact]
    public async Task A_grant_counts_until_a_window_after_its_send_completed()
    {
        var (limiter, clock) = Create(2, TimeSpan.FromMinutes(1));

        var slow = await limiter.WaitAsync(1, CancellationToken.None);
        await limiter.WaitAsync(1, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));
        limiter.Complete(slow);
        clock.Advance(TimeSpan.FromSeconds(55));
        await limiter.WaitAsync(1, CancellationToken.None);
        var third = clock.Now;
        await limiter.WaitAsync(1, CancellationToken.None);

        // The second grant left the window at T0 + 60 s; the slow one, which may have arrived as late
        // as T0 + 10 s, only at T0 + 70 s.
        Assert.Equal(T0.AddSeconds(65), third);
        Assert.Equal(T0.AddSeconds(70), clock.Now);
    }

    [Fact]
    public async Task Waiting_can_be_cancelled()
    {
        var limiter = new SlidingWindowRateLimiter(1, TimeSpan.FromHours(1));
        await limiter.WaitAsync(1, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.WaitAsync(1, cancel.Token));
    }
}
