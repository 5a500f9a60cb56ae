namespace RfqSender.Engine.Vendors;

/// <summary>
/// Which vendors an input keeps: those having at least one of the chosen categories (ignoring
/// case), judged on the merged vendor, so a vendor whose rows name a category on any row is kept
/// whole. Without categories every vendor is kept. Every path that reads vendors (a file read
/// whole or streamed, a pipeline) filters with this one rule.
/// </summary>
public sealed class VendorCategoryFilter
{
    private readonly string[] _categories;

    /// <summary>Creates a filter; null, empty and blank categories are ignored.</summary>
    public VendorCategoryFilter(IEnumerable<string>? categories)
    {
        _categories = categories?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).ToArray() ?? Array.Empty<string>();
    }

    /// <summary>The filter of <see cref="VendorReadOptions.Categories"/>.</summary>
    public static VendorCategoryFilter Of(VendorReadOptions? options) => new(options?.Categories);

    /// <summary>The categories, trimmed; empty when every vendor is kept.</summary>
    public IReadOnlyList<string> Categories => _categories;

    /// <summary>True when some vendors may be left out.</summary>
    public bool IsActive => _categories.Length > 0;

    /// <summary>True when the vendor is kept.</summary>
    public bool Selects(Vendor vendor) =>
        _categories.Length == 0 || _categories.Any((vendor ?? throw new ArgumentNullException(nameof(vendor))).HasCategory);
}
