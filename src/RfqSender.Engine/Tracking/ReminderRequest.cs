namespace RfqSender.Engine.Tracking;

/// <summary>A reminder to queue for a delivery that was sent: its number (1 for the first reminder).</summary>
public sealed class ReminderRequest
{
    /// <summary>Creates a request.</summary>
    public ReminderRequest(long deliveryId, int number)
    {
        if (number < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, "A reminder's number starts at 1.");
        }

        DeliveryId = deliveryId;
        Number = number;
    }

    /// <summary>The delivery.</summary>
    public long DeliveryId { get; }

    /// <summary>The reminder's number: the delivery's <see cref="DeliveryRecord.Reminders"/> plus one.</summary>
    public int Number { get; }
}
