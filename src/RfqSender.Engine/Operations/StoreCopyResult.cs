namespace RfqSender.Engine.Operations;

/// <summary>What copying one campaign to another store did.</summary>
public sealed class StoreCopyResult
{
    /// <summary>The campaign.</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The store copied from (no secret).</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The store copied to (no secret).</summary>
    public string Target { get; set; } = string.Empty;

    /// <summary>True when the target did not hold the campaign before.</summary>
    public bool CampaignAdded { get; set; }

    /// <summary>Deliveries copied, each with its state, attempts and Message-ID.</summary>
    public int Copied { get; set; }

    /// <summary>Deliveries the target already held (from an earlier copy, or its own sends): kept as they are.</summary>
    public int AlreadyPresent { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{RfqNumber}: {Copied} copied, {AlreadyPresent} already there";
}
