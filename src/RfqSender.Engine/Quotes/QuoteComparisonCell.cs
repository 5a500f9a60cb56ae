namespace RfqSender.Engine.Quotes;

/// <summary>One vendor's quote for one line item in a <see cref="QuoteComparison"/>; a missing quote has no price.</summary>
public sealed class QuoteComparisonCell
{
    /// <summary>The unit price, or null when the vendor did not quote the item.</summary>
    public decimal? UnitPrice { get; set; }

    /// <summary>The price's currency.</summary>
    public string? Currency { get; set; }

    /// <summary>The lead time in days.</summary>
    public int? LeadTimeDays { get; set; }

    /// <summary>Until when the price holds.</summary>
    public DateTime? ValidUntil { get; set; }

    /// <summary>The vendor's remarks on the line.</summary>
    public string? Remarks { get; set; }

    /// <summary>The unit price times the item's quantity.</summary>
    public decimal? LineTotal { get; set; }

    /// <summary>True when this is the lowest unit price quoted for the item in its currency (ties are all lowest).</summary>
    public bool IsLowest { get; set; }

    /// <summary>True when the vendor did not quote the item.</summary>
    public bool IsMissing => UnitPrice is null;
}
