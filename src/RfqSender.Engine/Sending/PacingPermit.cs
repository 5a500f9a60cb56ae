namespace RfqSender.Engine.Sending;

/// <summary>What a message took of the limits; completed once the message went (not when it never left).</summary>
internal sealed class PacingPermit
{
    private readonly SlidingWindowRateLimiter? _minute;
    private readonly SlidingWindowRateLimiter.Grant? _minuteGrant;
    private readonly SlidingWindowRateLimiter? _day;
    private readonly SlidingWindowRateLimiter.Grant? _dayGrant;

    public PacingPermit(SlidingWindowRateLimiter? minute, SlidingWindowRateLimiter.Grant? minuteGrant, SlidingWindowRateLimiter? day, SlidingWindowRateLimiter.Grant? dayGrant)
    {
        _minute = minute;
        _minuteGrant = minuteGrant;
        _day = day;
        _dayGrant = dayGrant;
    }

    /// <summary>Counts the message as sent now in every window.</summary>
    public void Complete()
    {
        if (_minuteGrant is not null)
        {
            _minute!.Complete(_minuteGrant);
        }

        if (_dayGrant is not null)
        {
            _day!.Complete(_dayGrant);
        }
    }
}
