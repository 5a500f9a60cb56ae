namespace RfqSender.Engine.Sending;

/// <summary>
/// A true sliding window: at no moment does the window hold more than <see cref="Limit"/> permits.
/// (System.Threading.RateLimiting's sliding window counts in segments and can overshoot within one.)
/// It remembers every grant inside the window, so it can be seeded with what earlier runs sent.
/// A grant counts from when it is given until a window after <see cref="Complete"/>: a server counts
/// a message when it arrives, which is after it was released and no later than its send completed.
/// </summary>
public sealed class SlidingWindowRateLimiter
{
    private readonly TimeProvider _clock;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly Queue<Grant> _grants = new();
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
            _grants.Enqueue(new Grant(grant.At, grant.Permits));
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

            PruneAll(now);
            needed = _inWindow + permits - Limit;
            if (needed <= 0)
            {
                return TimeSpan.Zero;
            }

            var freed = 0;
            foreach (var grant in _grants.OrderBy(g => g.At))
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

    /// <summary>Counts a grant from now: call it when the send it was for has completed.</summary>
    public void Complete(Grant grant)
    {
        lock (_grants)
        {
            var now = _clock.GetUtcNow();
            if (now > grant.At)
            {
                grant.At = now;
            }
        }
    }

    /// <summary>Waits until <paramref name="permits"/> fit in the window, then takes them.</summary>
    public async Task<Grant> WaitAsync(int permits, CancellationToken cancellationToken)
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
                    if (_inWindow + permits > Limit)
                    {
                        PruneAll(now);
                    }

                    if (_inWindow + permits <= Limit)
                    {
                        var grant = new Grant(now, permits);
                        _grants.Enqueue(grant);
                        _inWindow += permits;
                        return grant;
                    }
                }

                // Wait until enough grants have left the window (completed sends may have moved later
                // than grants behind them, so go by time, not by queue order).
                var until = now;
                lock (_grants)
                {
                    var needed = _inWindow + permits - Limit;
                    var freed = 0;
                    foreach (var grant in _grants.OrderBy(g => g.At))
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

    /// <summary>Permits taken at a time; the time moves to the completion of the send.</summary>
    public sealed class Grant
    {
        internal Grant(DateTimeOffset at, int permits)
        {
            At = at;
            Permits = permits;
        }

        /// <summary>When the grant counts from.</summary>
        public DateTimeOffset At { get; internal set; }

        /// <summary>How many permits.</summary>
        public int Permits { get; }
    }

    private void PruneAll(DateTimeOffset now)
    {
        var count = _grants.Count;
        for (var i = 0; i < count; i++)
        {
            var grant = _grants.Dequeue();
            if (grant.At + Window <= now)
            {
                _inWindow -= grant.Permits;
            }
            else
            {
                _grants.Enqueue(grant);
            }
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
