namespace RfqSender.Engine.Tracking;

/// <summary>
/// A message about to go asks the store for room under the limits of its sending identity
/// (<see cref="IDeliveryQueue.TakeSendSlotAsync"/>). The store counts what every sender of that
/// identity took, so senders on several machines share one set of limits.
/// </summary>
public sealed class SendSlotRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="identity">The sending identity whose limits apply (the mailbox a message is sent as), compared without case.</param>
    /// <param name="recipients">How many recipients the message has (counted by the per-day limit).</param>
    /// <param name="now">The time by the store's clock (<see cref="IDeliveryQueue.Clock"/>).</param>
    public SendSlotRequest(string identity, int recipients, DateTimeOffset now)
    {
        Identity = identity ?? throw new ArgumentNullException(nameof(identity));
        Recipients = Math.Max(recipients, 1);
        Now = now;
    }

    /// <summary>The sending identity, compared without case.</summary>
    public string Identity { get; }

    /// <summary>The message's recipients, at least 1.</summary>
    public int Recipients { get; }

    /// <summary>The time by the store's clock.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>At most this many messages in any minute, when set.</summary>
    public int? MessagesPerMinute { get; set; }

    /// <summary>At most this many recipients in any 24 hours, when set.</summary>
    public int? RecipientsPerDay { get; set; }

    /// <summary>The recipients this message counts for the per-day limit: a message larger than the limit counts as the limit, so it can go at all.</summary>
    public int CountedRecipients => RecipientsPerDay is int limit ? Math.Min(Recipients, limit) : Recipients;
}
