namespace RfqSender.Engine.Rfqs;

/// <summary>One line of an RFQ: what is to be quoted, and how much of it.</summary>
public sealed class LineItem
{
    /// <summary>Creates a line item.</summary>
    public LineItem(string part, string? description, decimal quantity, string? unit)
    {
        Part = part ?? throw new ArgumentNullException(nameof(part));
        Description = description ?? string.Empty;
        Quantity = quantity;
        Unit = unit ?? string.Empty;
    }

    /// <summary>Part number or short name.</summary>
    public string Part { get; }

    /// <summary>Description of the part.</summary>
    public string Description { get; }

    /// <summary>Quantity requested.</summary>
    public decimal Quantity { get; }

    /// <summary>Unit of the quantity (piece, drum, m...).</summary>
    public string Unit { get; }
}
