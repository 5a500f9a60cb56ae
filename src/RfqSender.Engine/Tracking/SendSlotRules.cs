namespace RfqSender.Engine.Tracking;

/// <summary>
/// The one place that decides whether a message fits under the limits of its identity, given the
/// slots already taken in the windows; stores read the slots and write the decision, under a lock
/// that makes the read and the write one step for every sender of that identity.
/// </summary>
public static class SendSlotRules
{
    /// <summary>The per-minute window.</summary>
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>The per-day window.</summary>
    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>How far back a store must read slots for <paramref name="request"/> (null: no limit, nothing to read).</summary>
    public static TimeSpan? Lookback(SendSlotRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        return request.RecipientsPerDay is not null ? Day : request.MessagesPerMinute is not null ? Minute : null;
    }

    /// <summary>
    /// True when the message fits, given how many slots the identity holds in the last minute and
    /// how many recipients in the last day: the cheap check a store makes first, reading the slots
    /// themselves (<see cref="Decide"/>) only when it does not.
    /// </summary>
    public static bool Fits(SendSlotRequest request, int messagesInMinute, long recipientsInDay)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        return (request.MessagesPerMinute is not int perMinute || messagesInMinute + 1 <= Math.Max(perMinute, 1))
            && (request.RecipientsPerDay is not int perDay || recipientsInDay + request.CountedRecipients <= Math.Max(perDay, 1));
    }

    /// <summary>
    /// Null when the message fits now; else when it will and which limit holds it. <paramref name="slots"/>
    /// are the identity's slots counted from their time (taken, or moved to when the send completed),
    /// at least as far back as <see cref="Lookback"/>, in any order.
    /// </summary>
    public static (DateTimeOffset RetryAt, SendLimit Limit)? Decide(SendSlotRequest request, IReadOnlyList<(DateTimeOffset At, int Recipients)> slots)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (slots is null)
        {
            throw new ArgumentNullException(nameof(slots));
        }

        var now = request.Now;
        DateTimeOffset? minuteFree = null, dayFree = null;
        if (request.MessagesPerMinute is int perMinute)
        {
            var inWindow = slots.Where(s => s.At + Minute > now).Select(s => s.At).OrderBy(a => a).ToList();
            var excess = inWindow.Count + 1 - Math.Max(perMinute, 1);
            if (excess > 0)
            {
                // The message fits once the oldest 'excess' slots have left the window.
                minuteFree = inWindow[excess - 1] + Minute;
            }
        }

        if (request.RecipientsPerDay is int perDay)
        {
            var inWindow = slots.Where(s => s.At + Day > now).OrderBy(s => s.At).ToList();
            var needed = inWindow.Sum(s => s.Recipients) + request.CountedRecipients - Math.Max(perDay, 1);
            if (needed > 0)
            {
                var freed = 0;
                foreach (var slot in inWindow)
                {
                    freed += slot.Recipients;
                    if (freed >= needed)
                    {
                        dayFree = slot.At + Day;
                        break;
                    }
                }

                dayFree ??= now + Day;
            }
        }

        if (minuteFree is null && dayFree is null)
        {
            return null;
        }

        return (dayFree ?? DateTimeOffset.MinValue) > (minuteFree ?? DateTimeOffset.MinValue)
            ? (dayFree!.Value, SendLimit.RecipientsPerDay)
            : (minuteFree!.Value, SendLimit.MessagesPerMinute);
    }
}
