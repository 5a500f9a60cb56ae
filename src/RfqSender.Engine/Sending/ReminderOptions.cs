namespace RfqSender.Engine.Sending;

/// <summary>When reminders go out (<see cref="ReminderRules"/>).</summary>
public sealed class ReminderOptions
{
    /// <summary>The least time since the last message to the vendor (the RFQ or a reminder): 3 days by default.</summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromDays(3);

    /// <summary>At most this many reminders per vendor: 2 by default.</summary>
    public int MaxReminders { get; set; } = 2;

    /// <summary>When set, remind only once the RFQ's due date is at most this many days away; null reminds from the start.</summary>
    public int? DaysBeforeDue { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (MinimumInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MinimumInterval), MinimumInterval, "The minimum interval must not be negative.");
        }

        if (MaxReminders < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReminders), MaxReminders, "MaxReminders must be at least 1.");
        }

        if (DaysBeforeDue is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DaysBeforeDue), DaysBeforeDue, "DaysBeforeDue must not be negative.");
        }
    }
}
