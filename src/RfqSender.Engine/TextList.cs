using System.Collections;

namespace RfqSender.Engine;

/// <summary>
/// Values (categories, addresses) as a read-only list whose text is <c>Cables; IT Hardware</c>, so
/// that Export-Csv and string conversion show the values, and a vendor file reads them back.
/// </summary>
public sealed class TextList : IReadOnlyList<string>
{
    /// <summary>No values.</summary>
    public static readonly TextList Empty = new(Array.Empty<string>());

    private readonly IReadOnlyList<string> _values;

    /// <summary>Wraps the values, in order.</summary>
    public TextList(IEnumerable<string> values) =>
        _values = (values ?? throw new ArgumentNullException(nameof(values))).ToList();

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public string this[int index] => _values[index];

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The values, separated by <c>"; "</c>.</summary>
    public override string ToString() => string.Join("; ", _values);
}
