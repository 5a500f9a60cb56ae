namespace RfqSender.Engine.Tracking;

/// <summary>The registered version of a campaign's RFQ, and how many vendors may have received it.</summary>
public sealed class CampaignVersion
{
    /// <summary>Creates the record.</summary>
    public CampaignVersion(int version, string? fingerprint, int received)
    {
        Version = version;
        Fingerprint = fingerprint;
        Received = received;
    }

    /// <summary>1, then one more each time a changed RFQ was accepted.</summary>
    public int Version { get; }

    /// <summary>The <see cref="Rfqs.RfqFingerprint"/> text of the registered RFQ; null for a campaign registered before fingerprints.</summary>
    public string? Fingerprint { get; }

    /// <summary>Deliveries sent or in doubt: vendors that may have received a version of the RFQ.</summary>
    public int Received { get; }
}
