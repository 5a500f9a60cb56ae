using System.Collections;
using System.Globalization;

namespace RfqSender.Engine.Tracking;

/// <summary>
/// Delivery counts by state, read-only, whose text is <c>35 Queued, 5 Sent</c>, so that Export-Csv
/// and string conversion show the counts.
/// </summary>
public sealed class DeliveryStateCounts : IReadOnlyDictionary<DeliveryState, int>
{
    private readonly IReadOnlyDictionary<DeliveryState, int> _counts;

    /// <summary>Wraps the counts.</summary>
    public DeliveryStateCounts(IReadOnlyDictionary<DeliveryState, int> counts) =>
        _counts = (counts ?? throw new ArgumentNullException(nameof(counts))).ToDictionary(c => c.Key, c => c.Value);

    /// <inheritdoc />
    public int Count => _counts.Count;

    /// <inheritdoc />
    public IEnumerable<DeliveryState> Keys => _counts.Keys;

    /// <inheritdoc />
    public IEnumerable<int> Values => _counts.Values;

    /// <inheritdoc />
    public int this[DeliveryState key] => _counts[key];

    /// <inheritdoc />
    public bool ContainsKey(DeliveryState key) => _counts.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(DeliveryState key, out int value) => _counts.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<DeliveryState, int>> GetEnumerator() => _counts.OrderBy(c => c.Key).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The counts above zero in the order of the states, e.g. <c>35 Queued, 5 Sent</c>.</summary>
    public override string ToString() =>
        string.Join(", ", this.Where(c => c.Value > 0).Select(c => c.Value.ToString(CultureInfo.InvariantCulture) + " " + c.Key));
}
