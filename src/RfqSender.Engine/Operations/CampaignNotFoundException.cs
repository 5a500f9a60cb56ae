namespace RfqSender.Engine.Operations;

/// <summary>The store does not know the campaign a command names.</summary>
public sealed class CampaignNotFoundException : RfqSenderException
{
    /// <summary>Creates the exception for <paramref name="rfqNumber"/> in the store at <paramref name="store"/>.</summary>
    public CampaignNotFoundException(string rfqNumber, string store)
        : base(FailureKind.InvalidInput, $"No campaign '{rfqNumber}' in the store '{store}'.")
    {
        RfqNumber = rfqNumber;
        Store = store;
    }

    /// <summary>The campaign's RFQ number.</summary>
    public string RfqNumber { get; }

    /// <summary>Where the store is.</summary>
    public string Store { get; }
}
