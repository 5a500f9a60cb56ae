using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Sending;

/// <summary>
/// The rate limits of a run (messages a minute, recipients a day), counted in the store for the
/// sending identity, so earlier runs and every other sender of that identity count: workers on
/// several machines sharing a PostgreSQL store together never exceed them. A wait longer than half
/// a claim's lease ends the run instead (<see cref="RateLimitedUntil"/>); a wait of more than a
/// second is announced.
/// </summary>
internal sealed class SendPacing
{
    private readonly SendOptions _options;
    private readonly IDeliveryQueue _store;
    private readonly string _identity;
    private readonly TimeProvider _clock;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly object _gate = new();
    private DateTimeOffset _noticedUntil = DateTimeOffset.MinValue;
    private TimeSpan _waited;
    private DateTimeOffset? _limitedUntil;

    /// <param name="options">The limits (<see cref="SendOptions.RatePerMinute"/>, <see cref="SendOptions.RatePerDay"/>) and the lease.</param>
    /// <param name="store">Where the slots of the identity are counted.</param>
    /// <param name="identity">The sending identity: the address the messages are sent from.</param>
    /// <param name="clock">The store's clock (or a test's).</param>
    /// <param name="delay">How to wait; tests move a fake clock instead of sleeping.</param>
    public SendPacing(SendOptions options, IDeliveryQueue store, string identity, TimeProvider clock, Func<TimeSpan, CancellationToken, Task> delay)
    {
        _options = options;
        _store = store;
        _identity = identity;
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
    public bool Limited => _options.RatePerMinute is not null || _options.RatePerDay is not null;

    /// <summary>
    /// Waits until a message to <paramref name="recipients"/> recipients may go, and returns the
    /// permit to complete once it went. Returns null, without waiting, when the wait would outlast
    /// half a claim's lease: the run ends and <see cref="RateLimitedUntil"/> says when to go on.
    /// </summary>
    public async Task<PacingPermit?> WaitTurnAsync(int recipients, Action<string>? notice, CancellationToken cancellationToken)
    {
        if (!Limited)
        {
            return PacingPermit.None;
        }

        // One taker of this run at a time: the others of this run queue here rather than all asking the store.
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = _clock.GetTimestamp();
            var waited = false;
            try
            {
                while (true)
                {
                    var request = new SendSlotRequest(_identity, recipients, _clock.GetUtcNow())
                    {
                        MessagesPerMinute = _options.RatePerMinute,
                        RecipientsPerDay = _options.RatePerDay,
                    };
                    var slot = await _store.TakeSendSlotAsync(request, cancellationToken).ConfigureAwait(false);
                    if (slot.Granted)
                    {
                        return new PacingPermit(_store, slot.Id, _clock);
                    }

                    var wait = slot.RetryAt!.Value - request.Now;
                    if (wait > TimeSpan.FromTicks(_options.Lease.Ticks / 2))
                    {
                        // Sleeping for hours would hold the claims past their lease: stop, and say when to resume.
                        lock (_gate)
                        {
                            _limitedUntil ??= slot.RetryAt;
                        }

                        return null;
                    }

                    Announce(wait, slot.Limit, notice);
                    waited = true;
                    await _delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (waited)
                {
                    lock (_gate)
                    {
                        _waited += _clock.GetElapsedTime(started);
                    }
                }
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    private void Announce(TimeSpan wait, SendLimit? limit, Action<string>? notice)
    {
        if (wait <= TimeSpan.FromSeconds(1) || notice is null)
        {
            return;
        }

        var next = _clock.GetUtcNow() + wait;
        lock (_gate)
        {
            if (next - _noticedUntil <= TimeSpan.FromSeconds(1))
            {
                return;
            }

            _noticedUntil = next;
        }

        var which = limit == SendLimit.RecipientsPerDay ? $"{_options.RatePerDay} recipients a day" : $"{_options.RatePerMinute} messages a minute";
        notice($"waiting {wait.TotalSeconds:0} s for the rate limit ({which}): the next message goes at {next.ToLocalTime():T}");
    }
}
