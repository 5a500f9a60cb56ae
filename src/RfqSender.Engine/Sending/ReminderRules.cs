using System.Globalization;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Sending;

/// <summary>
/// Which vendors get a reminder now, and why the others do not: a pure function of the delivery, the
/// latest out-of-office reply of the vendor, the RFQ's due date, the options and the time. A vendor is
/// reminded when its delivery is Sent (not answered, not failed or bounced, not in doubt), the due date
/// has not passed, it did not say it is away until the due date or later, it has had fewer than
/// <see cref="ReminderOptions.MaxReminders"/> reminders, its last message (the RFQ or a reminder) is at
/// least <see cref="ReminderOptions.MinimumInterval"/> old, and the due date is at most
/// <see cref="ReminderOptions.DaysBeforeDue"/> days away (when set). A reminder an earlier run queued and
/// did not finish (Queued or Deferred) is sent as decided then; one in doubt waits for a decision.
/// </summary>
public static class ReminderRules
{
    /// <summary>Decides for one delivery.</summary>
    /// <param name="delivery">The delivery as the store holds it.</param>
    /// <param name="awayUntil">
    /// The vendor's latest out-of-office reply: the date it says the vendor is back (away until), or
    /// <see cref="DateTime.MaxValue"/> for one without a date; null when there is none.
    /// </param>
    /// <param name="dueDate">The RFQ's due date.</param>
    /// <param name="options">The options.</param>
    /// <param name="now">The time, from the store's clock.</param>
    public static ReminderDecision Decide(DeliveryRecord delivery, DateTime? awayUntil, DateTimeOffset dueDate, ReminderOptions options, DateTimeOffset now)
    {
        if (delivery is null)
        {
            throw new ArgumentNullException(nameof(delivery));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (delivery.State == DeliveryState.Responded)
        {
            return ReminderDecision.None(delivery, "answered");
        }

        if (delivery.ReminderPending is int pending)
        {
            return delivery.State switch
            {
                DeliveryState.Queued or DeliveryState.Deferred => ReminderDecision.Send(delivery, pending, $"reminder {pending} queued by an earlier run that did not finish", queuedAlready: true),
                DeliveryState.InDoubt => ReminderDecision.None(delivery, $"reminder {pending} is in doubt (it may have reached the server): send it again with -InDoubt Resend, or set the delivery to Sent"),
                DeliveryState.Sending => ReminderDecision.None(delivery, $"reminder {pending} is being sent by {delivery.LeaseOwner}"),
                DeliveryState.Failed => ReminderDecision.None(delivery, $"reminder {pending} failed: {delivery.Detail}"),
                _ => ReminderDecision.None(delivery, $"{State(delivery)} while reminder {pending} was under way"),
            };
        }

        if (delivery.State == DeliveryState.Failed)
        {
            var bounced = delivery.Detail is { } detail && detail.StartsWith("Bounced", StringComparison.OrdinalIgnoreCase);
            return ReminderDecision.None(delivery, (bounced ? "bounced" : "failed") + (delivery.Detail is null ? string.Empty : ": " + delivery.Detail));
        }

        if (delivery.State != DeliveryState.Sent)
        {
            return ReminderDecision.None(delivery, $"not sent: the delivery is {State(delivery)}");
        }

        if (now > dueDate)
        {
            return ReminderDecision.None(delivery, $"the due date {Time(dueDate)} has passed");
        }

        if (awayUntil is DateTime until && until.Date >= dueDate.UtcDateTime.Date)
        {
            return ReminderDecision.None(delivery, until == DateTime.MaxValue
                ? "away (out of office, no return date given)"
                : $"away until {until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, past the due date");
        }

        if (delivery.Reminders >= options.MaxReminders)
        {
            return ReminderDecision.None(delivery, $"reminded {delivery.Reminders} time(s) already, the most allowed ({options.MaxReminders})");
        }

        var last = delivery.LastReminderAt is DateTimeOffset reminded && (delivery.SentAt is null || reminded > delivery.SentAt) ? reminded : delivery.SentAt ?? delivery.UpdatedAt;
        var what = delivery.LastReminderAt is not null && last == delivery.LastReminderAt ? $"reminder {delivery.Reminders}" : "the RFQ";
        if (now - last < options.MinimumInterval)
        {
            return ReminderDecision.None(delivery, $"too recent: {what} went {Time(last)}; the next reminder from {Time(last + options.MinimumInterval)}");
        }

        if (options.DaysBeforeDue is int days && dueDate - now > TimeSpan.FromDays(days))
        {
            return ReminderDecision.None(delivery, $"the due date {Time(dueDate)} is more than {days} day(s) away; reminders from {Time(dueDate - TimeSpan.FromDays(days))}");
        }

        var number = delivery.Reminders + 1;
        return ReminderDecision.Send(delivery, number, $"reminder {number}: no answer since {what} went {Time(last)}");
    }

    private static string State(DeliveryRecord delivery) => delivery.State.ToString();

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
