namespace RfqSender.Engine.Quotes;

/// <summary>
/// One vendor's quote for one line item, flat for the pipeline, CSV and JSON (<see cref="QuoteRows"/>); a sheet that
/// needs review gives one row per problem instead, with <see cref="Problem"/> set and no price.
/// </summary>
public sealed class QuoteRow
{
    /// <summary>The campaign.</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The vendor's key.</summary>
    public string VendorKey { get; set; } = string.Empty;

    /// <summary>The vendor's name.</summary>
    public string VendorName { get; set; } = string.Empty;

    /// <summary>Accepted, or NeedsReview.</summary>
    public QuoteStatus Status { get; set; }

    /// <summary>The line number of the item (0 on a review row).</summary>
    public int Line { get; set; }

    /// <summary>The part number.</summary>
    public string Part { get; set; } = string.Empty;

    /// <summary>The quantity asked.</summary>
    public decimal? Quantity { get; set; }

    /// <summary>The unit of the quantity.</summary>
    public string Unit { get; set; } = string.Empty;

    /// <summary>The unit price quoted; null when the item was not quoted.</summary>
    public decimal? UnitPrice { get; set; }

    /// <summary>The currency of the price.</summary>
    public string? Currency { get; set; }

    /// <summary>The price times the quantity.</summary>
    public decimal? LineTotal { get; set; }

    /// <summary>The lead time in days.</summary>
    public int? LeadTimeDays { get; set; }

    /// <summary>Until when the price holds.</summary>
    public DateTime? ValidUntil { get; set; }

    /// <summary>The vendor's remarks.</summary>
    public string? Remarks { get; set; }

    /// <summary>True when this is the lowest price of the item in its currency among the compared vendors.</summary>
    public bool IsLowest { get; set; }

    /// <summary>On a review row, what is wrong (the cell, what was expected and what was found).</summary>
    public string? Problem { get; set; }

    /// <summary>The file the quote came in.</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>When the reply arrived.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Where the file was kept, when it was.</summary>
    public string? SavedPath { get; set; }

    /// <inheritdoc />
    public override string ToString() => Problem is null
        ? $"{RfqNumber} {VendorKey} {Line} {Part}: {(UnitPrice is null ? "not quoted" : $"{UnitPrice} {Currency}")}"
        : $"{RfqNumber} {VendorKey}: {Problem}";
}
