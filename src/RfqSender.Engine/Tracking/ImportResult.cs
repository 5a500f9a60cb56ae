namespace RfqSender.Engine.Tracking;

/// <summary>What an import into a store did: deliveries added, and those the store already held (left as they are).</summary>
public sealed class ImportResult
{
    /// <summary>Creates a result.</summary>
    public ImportResult(bool campaignAdded, int added, int alreadyPresent)
    {
        CampaignAdded = campaignAdded;
        Added = added;
        AlreadyPresent = alreadyPresent;
    }

    /// <summary>True when the campaign was new to the store.</summary>
    public bool CampaignAdded { get; }

    /// <summary>Deliveries added.</summary>
    public int Added { get; }

    /// <summary>Deliveries the store already held for the same vendor: kept, not overwritten.</summary>
    public int AlreadyPresent { get; }
}
