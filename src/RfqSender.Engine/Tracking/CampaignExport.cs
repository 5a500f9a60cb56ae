namespace RfqSender.Engine.Tracking;

/// <summary>
/// A campaign as a store holds it, for copying it to another store (<see cref="IDeliveryStore.ImportAsync"/>):
/// its RFQ as registered, version and fingerprint, and when it was made and last changed.
/// </summary>
public sealed class CampaignExport
{
    /// <summary>The RFQ number.</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The title.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The due date as stored (round-trip format).</summary>
    public string DueDate { get; set; } = string.Empty;

    /// <summary>The sender as stored.</summary>
    public string Sender { get; set; } = string.Empty;

    /// <summary>The registered RFQ (<see cref="RfqSnapshot"/>).</summary>
    public string Definition { get; set; } = string.Empty;

    /// <summary>The fingerprint of the registered RFQ, when known.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>The version of the registered RFQ.</summary>
    public int Version { get; set; } = 1;

    /// <summary>When a run left the vendor list open, the note it left; else null.</summary>
    public string? InputNote { get; set; }

    /// <summary>Since when the vendor list was open, with <see cref="InputNote"/>.</summary>
    public DateTimeOffset? InputOpenSince { get; set; }

    /// <summary>When the campaign was registered.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was last registered again.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the campaign was paused; null when it is not.</summary>
    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>Who paused the campaign.</summary>
    public string? PausedBy { get; set; }

    /// <summary>Why the campaign was paused.</summary>
    public string? PauseReason { get; set; }
}
