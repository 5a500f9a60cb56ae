namespace RfqSender.Engine.Rfqs;

/// <summary>One line item of an RFQ definition before validation.</summary>
internal sealed class RfqDraftItem
{
    public RfqDraftItem(string name, int? line)
    {
        Name = name;
        Line = line;
    }

    /// <summary>How errors name the item, e.g. <c>items[2]</c>.</summary>
    public string Name { get; }

    public int? Line { get; }

    public RfqDraftField? Part { get; set; }

    public RfqDraftField? Description { get; set; }

    public RfqDraftField? Quantity { get; set; }

    public RfqDraftField? Unit { get; set; }
}
