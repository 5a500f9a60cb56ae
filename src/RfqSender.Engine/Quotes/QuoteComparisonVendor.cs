namespace RfqSender.Engine.Quotes;

/// <summary>A vendor compared in a <see cref="QuoteComparison"/>: whose accepted quote the columns show, and its totals.</summary>
public sealed class QuoteComparisonVendor
{
    /// <summary>The vendor's key.</summary>
    public string VendorKey { get; set; } = string.Empty;

    /// <summary>The vendor's name.</summary>
    public string VendorName { get; set; } = string.Empty;

    /// <summary>The file the quote came in.</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>Where the file was kept, when it was.</summary>
    public string? SavedPath { get; set; }

    /// <summary>When the quote arrived.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The items the vendor quoted.</summary>
    public int Quoted { get; set; }

    /// <summary>The sum of the line totals per currency (several when the vendor quoted in several).</summary>
    public IReadOnlyDictionary<string, decimal> Totals { get; set; } = new Dictionary<string, decimal>();

    /// <summary>How many items the vendor quoted the lowest price for.</summary>
    public int Lowest { get; set; }
}
