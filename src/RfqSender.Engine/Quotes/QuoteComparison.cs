namespace RfqSender.Engine.Quotes;

/// <summary>
/// The item × vendor comparison of a campaign's accepted quotes (the latest accepted sheet of each vendor):
/// the lowest unit price per item marked within each currency (prices are never converted), missing quotes
/// visible, and the quotes that wait for review listed apart. Built by <see cref="QuoteComparisonBuilder"/>.
/// </summary>
public sealed class QuoteComparison
{
    /// <summary>The RFQ number.</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The RFQ's title.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The compared vendors, by name.</summary>
    public IReadOnlyList<QuoteComparisonVendor> Vendors { get; set; } = Array.Empty<QuoteComparisonVendor>();

    /// <summary>Every line item of the RFQ, in its order.</summary>
    public IReadOnlyList<QuoteComparisonItem> Items { get; set; } = Array.Empty<QuoteComparisonItem>();

    /// <summary>Sheets that need review (not compared until a buyer looks at them), with their problems.</summary>
    public IReadOnlyList<VendorQuote> NeedsReview { get; set; } = Array.Empty<VendorQuote>();

    /// <summary>The currencies quoted; more than one means some items' prices cannot be compared directly.</summary>
    public IReadOnlyList<string> Currencies { get; set; } = Array.Empty<string>();
}
