namespace RfqSender.Engine.Tracking;

/// <summary>
/// A campaign paused by hand (<see cref="IDeliveryStore.SetCampaignPausedAsync"/>): who paused it,
/// when (the store's clock) and why. While it holds, no sender claims the campaign's deliveries.
/// </summary>
public sealed class CampaignPause
{
    /// <summary>Creates a pause.</summary>
    public CampaignPause(string rfqNumber, DateTimeOffset pausedAt, string pausedBy, string? reason)
    {
        RfqNumber = rfqNumber;
        PausedAt = pausedAt;
        PausedBy = pausedBy;
        Reason = reason;
    }

    /// <summary>The campaign.</summary>
    public string RfqNumber { get; }

    /// <summary>When it was paused.</summary>
    public DateTimeOffset PausedAt { get; }

    /// <summary>Who paused it.</summary>
    public string PausedBy { get; }

    /// <summary>Why, when given.</summary>
    public string? Reason { get; }

    /// <summary>The pause in words, with how to lift it.</summary>
    public string Describe() =>
        $"{RfqNumber} is paused (by {PausedBy} at {PausedAt.ToUniversalTime():u}{(Reason is null ? string.Empty : ": " + Reason)}); nothing more is sent until it is unpaused: rfq unpause {RfqNumber} (Resume-RfqCampaign -RfqNumber {RfqNumber})";

    /// <inheritdoc />
    public override string ToString() => Describe();
}
