using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Sending;

/// <summary>
/// The decision <see cref="DeliveryOutcomePolicy"/> takes on one attempt, between the transport's
/// <see cref="Transports.TransportOutcome"/> and what is recorded (<see cref="Tracking.DeliveryCompletion"/>)
/// and reported (<see cref="DeliveryResult"/> with its <see cref="SendAction"/>): the state the delivery
/// enters, what the run says about it, and which recipients stay due.
/// </summary>
internal sealed class DeliveryDecision
{
    public DeliveryState State { get; set; }

    public SendAction Action { get; set; }

    public string? Detail { get; set; }

    public IReadOnlyList<string>? Pending { get; set; }

    public string? PendingText { get; set; }

    public string? Refused { get; set; }

    /// <summary>When the vendor first got the message, to record; null leaves it to the state.</summary>
    public DateTimeOffset? SentAt { get; set; }
}
