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

    /// <summary>Number of deliveries in each state.</summary>
    public IReadOnlyDictionary<DeliveryState, int> Counts { get; set; } = new Dictionary<DeliveryState, int>();

    /// <summary>Total number of deliveries.</summary>
    public int Total => Counts.Values.Sum();

    /// <summary>The version of the campaign's RFQ: 1, one more each time a changed RFQ was accepted.</summary>
    public int Version { get; set; } = 1;

    /// <summary>
    /// Null when every run that fed vendors to the campaign registered all of its input; else which
    /// run stopped before its whole vendor list was registered (vendors of it may be missing).
    /// </summary>
    public string? InputIncomplete { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{RfqNumber}: {Title}";
}
