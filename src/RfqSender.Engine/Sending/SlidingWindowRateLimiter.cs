namespace RfqSender.Engine.Sending;

/// <summary>
/// A true sliding window: at no moment does the window hold more than <see cref="Limit"/> permits.
/// (System.Threading.RateLimiting's sliding window counts in segments and can overshoot within one.)
/// It remembers every grant inside the window, so it can be seeded with what earlier runs sent.
/// </summary>
public sealed class SlidingWindowRateLimiter
{
    private readonly TimeProvider _clock;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly Queue<(DateTimeOffset At, int Permits)> _grants = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _inWindow;

    /// <summary>Creates a limiter of <paramref name="limit"/> permits per <paramref name="window"/>.</summary>
    /// <param name="limit">Permits per window (messages, or recipients).</param>
    /// <param name="window">The window, e.g. one minute.</param>
    /// <param name="clock">The clock; the system clock when null.</param>
    /// <param name="delay">How to wait; <see cref="Task.Delay(TimeSpan, CancellationToken)"/> when null (tests pass a fake that moves a fake clock).</param>
    public SlidingWindowRateLimiter(int limit, TimeSpan window, TimeProvider? clock = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A rate limit must be at least 1.");
        }

        Limit = limit;
        Window = window;
        _clock = clock ?? TimeProvider.System;
        _delay = delay ?? ((wait, token) => Task.Delay(wait, token));
    }

    /// <summary>Permits per window.</summary>
    public int Limit { get; }

    /// <summary>The window.</summary>
    public TimeSpan Window { get; }

    /// <summary>Records grants made before this limiter existed (sends of earlier runs).</summary>
    public void Seed(IEnumerable<(DateTimeOffset At, int Permits)> grants)
    {
        foreach (var grant in grants.OrderBy(g => g.At))
        {
            _grants.Enqueue(grant);
            _inWindow += grant.Permits;
        }

        Prune(_clock.GetUtcNow());
    }

    /// <summary>How long <see cref="WaitAsync"/> would wait for <paramref name="permits"/> now (zero when they fit).</summary>
    public TimeSpan WaitNeeded(int permits)
    {
        permits = Math.Min(Math.Max(permits, 1), Limit);
        lock (_grants)
        {
            var now = _clock.GetUtcNow();
            Prune(now);
            var needed = _inWindow + permits - Limit;
            if (needed <= 0)
            {
                return TimeSpan.Zero;
            }

            var freed = 0;
            foreach (var grant in _grants)
            {
                freed += grant.Permits;
                if (freed >= needed)
                {
                    return grant.At + Window - now;
                }
            }

            return Window;
        }
    }

    /// <summary>Waits until <paramref name="permits"/> fit in the window, then takes them.</summary>
    public async Task WaitAsync(int permits, CancellationToken cancellationToken)
    {
        permits = Math.Min(Math.Max(permits, 1), Limit);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = _clock.GetUtcNow();
                lock (_grants)
                {
                    Prune(now);
                    if (_inWindow + permits <= Limit)
                    {
                        _grants.Enqueue((now, permits));
                        _inWindow += permits;
                        return;
                    }
                }

                // Wait until enough of the oldest grants have left the window.
                var until = now;
                lock (_grants)
                {
                    var needed = _inWindow + permits - Limit;
                    var freed = 0;
                    foreach (var grant in _grants)
                    {
                        freed += grant.Permits;
                        until = grant.At + Window;
                        if (freed >= needed)
                        {
                            break;
                        }
                    }
                }

                var wait = until - now;
                await _delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        while (_grants.Count > 0 && _grants.Peek().At + Window <= now)
        {
            _inWindow -= _grants.Dequeue().Permits;
        }
    }
}
