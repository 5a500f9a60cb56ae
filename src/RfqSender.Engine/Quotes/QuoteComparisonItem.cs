namespace RfqSender.Engine.Quotes;

/// <summary>One line item of the RFQ in a <see cref="QuoteComparison"/>, with each compared vendor's quote for it.</summary>
public sealed class QuoteComparisonItem
{
    /// <summary>The line number (1 for the first item).</summary>
    public int Line { get; set; }

    /// <summary>The part number.</summary>
    public string Part { get; set; } = string.Empty;

    /// <summary>The description.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>The quantity asked.</summary>
    public decimal Quantity { get; set; }

    /// <summary>The unit of the quantity.</summary>
    public string Unit { get; set; } = string.Empty;

    /// <summary>Each compared vendor's quote, in the order of <see cref="QuoteComparison.Vendors"/>.</summary>
    public IReadOnlyList<QuoteComparisonCell> Cells { get; set; } = Array.Empty<QuoteComparisonCell>();

    /// <summary>How many vendors quoted the item.</summary>
    public int QuotedBy => Cells.Count(c => !c.IsMissing);
}
