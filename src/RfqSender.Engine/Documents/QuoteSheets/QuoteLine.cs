namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>A vendor's answer to one line item of an RFQ, as read from its quote sheet.</summary>
public sealed class QuoteLine
{
    /// <summary>Creates a quote line.</summary>
    public QuoteLine(int line, string part, decimal quantity, string unit, decimal? unitPrice, string? currency, int? leadTimeDays, DateTime? validUntil, string? remarks)
    {
        Line = line;
        Part = part ?? throw new ArgumentNullException(nameof(part));
        Quantity = quantity;
        Unit = unit ?? string.Empty;
        UnitPrice = unitPrice;
        Currency = currency;
        LeadTimeDays = leadTimeDays;
        ValidUntil = validUntil;
        Remarks = remarks;
    }

    /// <summary>The 1-based number of the line item in the RFQ.</summary>
    public int Line { get; }

    /// <summary>The part of the line item.</summary>
    public string Part { get; }

    /// <summary>The quantity asked for (the sheet's, which the reader checked against the RFQ's).</summary>
    public decimal Quantity { get; }

    /// <summary>The unit of the quantity.</summary>
    public string Unit { get; }

    /// <summary>The price of one unit, or null when the vendor did not quote this item.</summary>
    public decimal? UnitPrice { get; }

    /// <summary>The ISO 4217 code of the price's currency (upper case); set whenever the price is.</summary>
    public string? Currency { get; }

    /// <summary>The lead time in days, when given.</summary>
    public int? LeadTimeDays { get; }

    /// <summary>The last day the price holds (a date, no time of day), when given.</summary>
    public DateTime? ValidUntil { get; }

    /// <summary>The vendor's remarks, when given.</summary>
    public string? Remarks { get; }

    /// <summary>True when the vendor gave a price for this item.</summary>
    public bool IsQuoted => UnitPrice is not null;

    /// <inheritdoc />
    public override string ToString() => IsQuoted ? $"{Line} {Part}: {UnitPrice} {Currency}" : $"{Line} {Part}: not quoted";
}
