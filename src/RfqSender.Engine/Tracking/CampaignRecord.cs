namespace RfqSender.Engine.Tracking;

/// <summary>A registered RFQ campaign and its delivery counts.</summary>
public sealed class CampaignRecord
{
    /// <summary>The RFQ number.</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The RFQ title.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>When quotes are due.</summary>
    public DateTimeOffset DueDate { get; set; }

    /// <summary>The sender address.</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>When the campaign was first registered.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the campaign definition was last registered.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    private DeliveryStateCounts _counts = new(new Dictionary<DeliveryState, int>());

    /// <summary>Number of deliveries in each state (its text lists them: <c>35 Queued, 5 Sent</c>).</summary>
    public IReadOnlyDictionary<DeliveryState, int> Counts
    {
        get => _counts;
        set => _counts = value as DeliveryStateCounts ?? new DeliveryStateCounts(value);
    }

    /// <summary>Total number of deliveries.</summary>
    public int Total => Counts.Values.Sum();

    /// <summary>Deliveries waiting to be sent.</summary>
    public int Queued => CountOf(DeliveryState.Queued);

    /// <summary>Deliveries being sent now.</summary>
    public int Sending => CountOf(DeliveryState.Sending);

    /// <summary>Deliveries sent.</summary>
    public int Sent => CountOf(DeliveryState.Sent);

    /// <summary>Deliveries waiting to be tried again.</summary>
    public int Deferred => CountOf(DeliveryState.Deferred);

    /// <summary>Deliveries failed for good.</summary>
    public int Failed => CountOf(DeliveryState.Failed);

    /// <summary>Deliveries whose fate is unknown.</summary>
    public int InDoubt => CountOf(DeliveryState.InDoubt);

    /// <summary>Deliveries the vendor answered.</summary>
    public int Responded => CountOf(DeliveryState.Responded);

    /// <summary>Deliveries excluded.</summary>
    public int Skipped => CountOf(DeliveryState.Skipped);

    /// <summary>Deliveries the campaign still has to settle: Queued, Deferred, Sending and InDoubt.</summary>
    public int Open => Queued + Deferred + Sending + InDoubt;

    /// <summary>
    /// When anything last happened in the campaign: a registration, a delivery sent, failed or
    /// claimed, or a change by hand.
    /// </summary>
    public DateTimeOffset LastActivity { get; set; }

    /// <summary>The version of the campaign's RFQ: 1, one more each time a changed RFQ was accepted.</summary>
    public int Version { get; set; } = 1;

    /// <summary>
    /// Null when every run that fed vendors to the campaign registered all of its input; else which
    /// run stopped before its whole vendor list was registered (vendors of it may be missing).
    /// </summary>
    public string? InputIncomplete { get; set; }

    /// <summary>When the campaign was paused by hand (the store's clock); null when it is not paused.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>Who paused the campaign; null when it is not paused.</summary>
    public string? PausedBy { get; set; }

    /// <summary>Why the campaign was paused, when given.</summary>
    public string? PauseReason { get; set; }

    /// <summary>True while the campaign is paused: no sender claims its deliveries until it is unpaused.</summary>
    public bool IsPaused => PausedAt != null;

    /// <summary>The pause, while the campaign is paused; else null.</summary>
    public CampaignPause? Pause => PausedAt is DateTimeOffset at ? new CampaignPause(RfqNumber, at, PausedBy ?? "unknown", PauseReason) : null;

    /// <inheritdoc />
    public override string ToString() => $"{RfqNumber}: {Title}";

    private int CountOf(DeliveryState state) => Counts.TryGetValue(state, out var count) ? count : 0;
}
