using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Sending;

/// <summary>
/// The rate limits of a run (messages a minute, recipients a day), seeded from what the store
/// says was sent recently, so earlier runs count. A wait longer than half a claim's lease ends the
/// run instead (<see cref="RateLimitedUntil"/>); a wait of more than a second is announced.
/// </summary>
internal sealed class SendPacing
{
    private readonly SendOptions _options;
    private readonly TimeProvider _clock;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly object _gate = new();
    private SlidingWindowRateLimiter? _perMinute;
    private SlidingWindowRateLimiter? _perDay;
    private DateTimeOffset _noticedUntil = DateTimeOffset.MinValue;
    private TimeSpan _waited;
    private DateTimeOffset? _limitedUntil;

    public SendPacing(SendOptions options, TimeProvider clock, Func<TimeSpan, CancellationToken, Task> delay)
    {
        _options = options;
        _clock = clock;
        _delay = delay;
    }

    /// <summary>When a rate limit ended the run, the time the next message may go; else null.</summary>
    public DateTimeOffset? RateLimitedUntil
    {
        get
        {
            lock (_gate)
            {
                return _limitedUntil;
            }
        }
    }

    /// <summary>How long the limits made this run wait, in total.</summary>
    public TimeSpan RateLimitWait
    {
        get
        {
            lock (_gate)
            {
                return _waited;
            }
        }
    }

    /// <summary>True when a limit applies at all.</summary>
    public bool Limited => _perMinute is not null || _perDay is not null;

    /// <summary>True when the per-day limit counts recipients.</summary>
    public bool CountsRecipients => _perDay is not null;

    /// <summary>Sets up the limiters the options ask for, counting what the store says was sent in their windows.</summary>
    public async Task SeedAsync(IDeliveryStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_options.RatePerMinute is int perMinute)
        {
            _perMinute = new SlidingWindowRateLimiter(perMinute, TimeSpan.FromMinutes(1), _clock, _delay);
            _perMinute.Seed((await store.GetRecentSendsAsync(now.AddMinutes(-1), cancellationToken).ConfigureAwait(false)).Select(s => (s.SentAt, 1)));
        }

        if (_options.RatePerDay is int perDay)
        {
            _perDay = new SlidingWindowRateLimiter(perDay, TimeSpan.FromDays(1), _clock, _delay);
            _perDay.Seed(await store.GetRecentSendsAsync(now.AddDays(-1), cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Waits until a message to <paramref name="recipients"/> recipients may go, and returns the
    /// permits to complete once it went. Returns null, without waiting, when the wait would outlast
    /// half a claim's lease: the run ends and <see cref="RateLimitedUntil"/> says when to go on.
    /// </summary>
    public async Task<PacingPermit?> WaitTurnAsync(int recipients, Action<string>? notice, CancellationToken cancellationToken)
    {
        if (!Limited)
        {
            return new PacingPermit(null, null, null, null);
        }

        var minuteWait = _perMinute?.WaitNeeded(1) ?? TimeSpan.Zero;
        var dayWait = _perDay?.WaitNeeded(recipients) ?? TimeSpan.Zero;
        var longest = minuteWait > dayWait ? minuteWait : dayWait;
        if (longest > TimeSpan.FromTicks(_options.Lease.Ticks / 2))
        {
            // Sleeping for hours would hold the claims past their lease: stop, and say when to resume.
            lock (_gate)
            {
                _limitedUntil ??= _clock.GetUtcNow() + longest;
            }

            return null;
        }

        if (longest > TimeSpan.FromSeconds(1) && notice is not null)
        {
            var next = _clock.GetUtcNow() + longest;
            bool tell;
            lock (_gate)
            {
                tell = next - _noticedUntil > TimeSpan.FromSeconds(1);
                if (tell)
                {
                    _noticedUntil = next;
                }
            }

            if (tell)
            {
                var which = minuteWait >= longest ? $"{_perMinute!.Limit} messages a minute" : $"{_perDay!.Limit} recipients a day";
                notice($"waiting {longest.TotalSeconds:0} s for the rate limit ({which}): the next message goes at {next.ToLocalTime():T}");
            }
        }

        var started = _clock.GetTimestamp();
        var minute = _perMinute is null ? null : await _perMinute.WaitAsync(1, cancellationToken).ConfigureAwait(false);
        var day = _perDay is null ? null : await _perDay.WaitAsync(recipients, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _waited += _clock.GetElapsedTime(started);
        }

        return new PacingPermit(_perMinute, minute, _perDay, day);
    }
}
