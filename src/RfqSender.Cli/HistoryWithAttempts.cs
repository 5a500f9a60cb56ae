using System.Globalization;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Tracking;

namespace RfqSender.Cli;

/// <summary>
/// <c>rfq deliveries --history --attempts</c>: a campaign's changes by hand, send attempts and reminder
/// attempts as one list in time order (a stable merge: at the same time, changes, then attempts, then reminders).
/// </summary>
internal static class HistoryWithAttempts
{
    public static void Write(TextWriter output, RfqRuntime runtime, string rfqNumber, bool json)
    {
        var changes = runtime.OpenExistingStore().GetChangesAsync(rfqNumber, null, CancellationToken.None).GetAwaiter().GetResult();
        var sends = runtime.GetDeliveryAttemptsAsync(rfqNumber, null, CancellationToken.None).GetAwaiter().GetResult();
        var reminders = runtime.GetReminderAttemptsAsync(rfqNumber, null, CancellationToken.None).GetAwaiter().GetResult();
        var entries = changes.Select((c, i) => (At: c.ChangedAt, Order: (0, i), Item: (object)c))
            .Concat(sends.Select((a, i) => (At: a.At, Order: (1, i), Item: (object)a)))
            .Concat(reminders.Select((r, i) => (At: r.At, Order: (2, i), Item: (object)r)))
            .OrderBy(e => e.At)
            .ThenBy(e => e.Order);
        foreach (var entry in entries)
        {
            switch (entry.Item)
            {
                case DeliveryChange change when json:
                    JsonLines.Write(output, new { kind = "change", change.RfqNumber, change.VendorKey, change.VendorName, change.From, change.To, change.ChangedBy, change.Reason, change.ChangedAt });
                    break;
                case DeliveryChange change:
                    output.WriteLine($"{change.VendorKey} {change.VendorName}: {change}");
                    break;
                case DeliveryAttempt attempt when json:
                    JsonLines.Write(output, new { kind = "attempt", attempt.DeliveryId, attempt.VendorKey, attempt.Number, attempt.State, attempt.Detail, attempt.At, attempt.Sender });
                    break;
                case DeliveryAttempt attempt:
                    output.WriteLine($"{attempt.VendorKey} attempt {attempt.Number}: {attempt.State} at {Time(attempt.At)}{(attempt.Sender is null ? string.Empty : " by " + attempt.Sender)}{Detail(attempt.Detail)}");
                    break;
                case ReminderAttempt reminder when json:
                    JsonLines.Write(output, new { kind = "reminder", reminder.DeliveryId, reminder.VendorKey, reminder.Number, reminder.State, reminder.Detail, reminder.At });
                    break;
                case ReminderAttempt reminder:
                    output.WriteLine($"{reminder.VendorKey} reminder {reminder.Number}: {reminder.State} at {Time(reminder.At)}{Detail(reminder.Detail)}");
                    break;
            }
        }
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Detail(string? detail) => detail is null ? string.Empty : ": " + detail;
}
