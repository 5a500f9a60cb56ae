namespace RfqSender.Engine.Vendors;

/// <summary>
/// A vendor invited to quote: a stable key, a name, its contacts, its categories and the free
/// fields of its input row (every column not mapped to a known field), usable in templates as
/// <c>{{Vendor.Column}}</c>.
/// </summary>
public sealed class Vendor
{
    /// <summary>Creates a vendor.</summary>
    public Vendor(
        string key,
        string name,
        IReadOnlyList<VendorContact> contacts,
        IReadOnlyList<string> categories,
        IReadOnlyDictionary<string, string> fields,
        string? source = null)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new ArgumentException("A vendor key must not be empty.", nameof(key));
        }

        // The same rules as for input read from a file: whoever builds a vendor cannot smuggle a
        // line break or a terminal escape into a header or a console.
        Require(nameof(key), VendorFieldRules.CheckLine(key, VendorFieldRules.MaxKeyLength));
        Require(nameof(name), VendorFieldRules.CheckLine(name ?? throw new ArgumentNullException(nameof(name)), VendorFieldRules.MaxNameLength));
        foreach (var category in categories ?? throw new ArgumentNullException(nameof(categories)))
        {
            Require(nameof(categories), VendorFieldRules.CheckLine(category ?? string.Empty, VendorFieldRules.MaxCategoryLength));
        }

        foreach (var field in fields ?? throw new ArgumentNullException(nameof(fields)))
        {
            Require(field.Key, VendorFieldRules.CheckLine(field.Key, VendorFieldRules.MaxFieldNameLength) ?? VendorFieldRules.CheckText(field.Value ?? string.Empty, VendorFieldRules.MaxFieldValueLength));
        }

        Key = key;
        Name = name;
        var contactList = contacts as VendorContactList ?? new VendorContactList(contacts ?? throw new ArgumentNullException(nameof(contacts)));
        Contacts = contactList;
        Categories = categories as TextList ?? new TextList(categories ?? throw new ArgumentNullException(nameof(categories)));
        Fields = fields as VendorFieldMap ?? new VendorFieldMap(fields ?? throw new ArgumentNullException(nameof(fields)));
        Source = source;
        To = new VendorContactList(contactList.Where(c => c.Role == ContactRole.To));
        Cc = new VendorContactList(contactList.Where(c => c.Role == ContactRole.Cc));
    }

    private static void Require(string what, string? problem)
    {
        if (problem is not null)
        {
            throw new ArgumentException($"The vendor's {what}: {problem}.", what);
        }
    }

    /// <summary>
    /// The stable key that identifies the vendor across runs: the Key/Id column when the input has
    /// one, otherwise derived from the normalised name.
    /// </summary>
    public string Key { get; }

    /// <summary>The vendor's name.</summary>
    public string Name { get; }

    /// <summary>Every contact; at least one has the To role.</summary>
    public IReadOnlyList<VendorContact> Contacts { get; }

    /// <summary>Categories (groups, tags) the vendor belongs to.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Extra input columns by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>Where the vendor came from (e.g. <c>vendors.csv:12</c>), for messages; null when unknown.</summary>
    public string? Source { get; }

    /// <summary>The To contacts.</summary>
    public IEnumerable<VendorContact> To { get; }

    /// <summary>The Cc contacts.</summary>
    public IEnumerable<VendorContact> Cc { get; }

    /// <summary>True when the vendor has the category (case-insensitive).</summary>
    public bool HasCategory(string category) =>
        Categories.Any(c => string.Equals(c, category, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{Key}]";
}
