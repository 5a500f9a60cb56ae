namespace RfqSender.Engine.Tracking;

/// <summary>One page of a campaign's deliveries (<see cref="IDeliveryReader.GetDeliveryPageAsync"/>) and how many match in all.</summary>
public sealed class DeliveryPage
{
    /// <summary>Creates a page.</summary>
    public DeliveryPage(IReadOnlyList<DeliveryRecord> records, int total, int offset, int limit)
    {
        Records = records ?? throw new ArgumentNullException(nameof(records));
        Total = total;
        Offset = offset;
        Limit = limit;
    }

    /// <summary>The deliveries of the page, in registration order; empty past the end.</summary>
    public IReadOnlyList<DeliveryRecord> Records { get; }

    /// <summary>How many deliveries match the query in all, on every page.</summary>
    public int Total { get; }

    /// <summary>How many matching deliveries come before this page.</summary>
    public int Offset { get; }

    /// <summary>The most rows the page could hold.</summary>
    public int Limit { get; }
}
