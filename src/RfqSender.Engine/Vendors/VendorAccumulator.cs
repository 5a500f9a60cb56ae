namespace RfqSender.Engine.Vendors;

/// <summary>
/// Collects the parts of one vendor (from one record or several merged ones): contacts distinct
/// by address, categories distinct ignoring case, free fields where the first non-empty value wins.
/// </summary>
internal sealed class VendorAccumulator
{
    private readonly List<VendorContact> contacts = new();
    private readonly List<string> categories = new();
    private readonly HashSet<string> categorySet = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> fields = new(StringComparer.OrdinalIgnoreCase);

    public VendorAccumulator(string key, string name, string? source)
    {
        Key = key;
        Name = name;
        Source = source;
    }

    public string Key { get; }

    public string Name { get; }

    public string? Source { get; }

    public bool HasTo => contacts.Any(c => c.Role == ContactRole.To);

    /// <summary>
    /// Adds a contact unless its address is already there; a known address gains a display name
    /// it lacked, and is promoted to To when it comes again as To.
    /// </summary>
    public void AddContact(VendorContact contact)
    {
        var index = contacts.FindIndex(c => c.Mailbox.Equals(contact.Mailbox));
        if (index < 0)
        {
            contacts.Add(contact);
            return;
        }

        var existing = contacts[index];
        var mailbox = existing.Mailbox.DisplayName is null && contact.Mailbox.DisplayName is not null
            ? existing.Mailbox.WithDisplayName(contact.Mailbox.DisplayName)
            : existing.Mailbox;
        var role = existing.Role == ContactRole.To || contact.Role == ContactRole.To ? ContactRole.To : ContactRole.Cc;
        contacts[index] = new VendorContact(mailbox, role);
    }

    public void AddCategory(string category)
    {
        var trimmed = category.Trim();
        if (trimmed.Length > 0 && categorySet.Add(trimmed))
        {
            categories.Add(trimmed);
        }
    }

    public void AddField(string name, string? value)
    {
        var text = value ?? string.Empty;
        if (!fields.TryGetValue(name, out var existing) || (existing.Length == 0 && text.Length > 0))
        {
            fields[name] = text;
        }
    }

    public void Merge(Vendor vendor)
    {
        foreach (var contact in vendor.Contacts)
        {
            AddContact(contact);
        }

        foreach (var category in vendor.Categories)
        {
            AddCategory(category);
        }

        foreach (var field in vendor.Fields)
        {
            AddField(field.Key, field.Value);
        }
    }

    public Vendor ToVendor() =>
        new(Key, Name, contacts.ToArray(), categories.ToArray(), new Dictionary<string, string>(fields, StringComparer.OrdinalIgnoreCase), Source);
}
