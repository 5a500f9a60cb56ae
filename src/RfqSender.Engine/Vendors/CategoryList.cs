using System.Collections;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Categories as a read-only list whose text is <c>Cables; IT Hardware</c>, so that Export-Csv and
/// string conversion show the values, and a vendor file reads them back.
/// </summary>
public sealed class CategoryList : IReadOnlyList<string>
{
    /// <summary>No categories.</summary>
    public static readonly CategoryList Empty = new(Array.Empty<string>());

    private readonly IReadOnlyList<string> _categories;

    /// <summary>Wraps the categories, in order.</summary>
    public CategoryList(IEnumerable<string> categories) =>
        _categories = (categories ?? throw new ArgumentNullException(nameof(categories))).ToList();

    /// <inheritdoc />
    public int Count => _categories.Count;

    /// <inheritdoc />
    public string this[int index] => _categories[index];

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator() => _categories.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The categories, separated by <c>"; "</c>.</summary>
    public override string ToString() => string.Join("; ", _categories);
}
