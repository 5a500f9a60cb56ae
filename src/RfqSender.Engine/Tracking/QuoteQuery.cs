using RfqSender.Engine.Quotes;

namespace RfqSender.Engine.Tracking;

/// <summary>Which returned quote sheets <see cref="IInboundStore.GetQuotesAsync"/> gives.</summary>
public sealed class QuoteQuery
{
    /// <summary>Creates a query of one campaign's quotes.</summary>
    public QuoteQuery(string rfqNumber) => RfqNumber = rfqNumber ?? throw new ArgumentNullException(nameof(rfqNumber));

    /// <summary>The campaign.</summary>
    public string RfqNumber { get; }

    /// <summary>Only these vendors (keys, any case); null for all.</summary>
    public IReadOnlyCollection<string>? VendorKeys { get; set; }

    /// <summary>Only quotes of this status; null for all.</summary>
    public QuoteStatus? Status { get; set; }
}
