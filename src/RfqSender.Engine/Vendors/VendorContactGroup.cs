namespace RfqSender.Engine.Vendors;

/// <summary>
/// The fields of one nested contact of a record, such as <c>contacts[0].name</c> and
/// <c>contacts[0].email</c> from a YAML or JSON list of contact maps.
/// </summary>
internal sealed class VendorContactGroup
{
    public VendorContactGroup(string id, string prefix)
    {
        Id = id;
        Prefix = prefix;
    }

    /// <summary>The group as written, e.g. <c>contacts[0]</c>.</summary>
    public string Id { get; }

    /// <summary>The list name, e.g. <c>contacts</c>.</summary>
    public string Prefix { get; }

    /// <summary>(full field name, property, value) in input order.</summary>
    public List<(string Field, string Property, string Value)> Fields { get; } = new();

    /// <summary>True when the group describes a contact: by its list name or an address property.</summary>
    public bool IsContact =>
        VendorColumns.IsContactListPrefix(Prefix)
        || Fields.Any(f => VendorColumns.Classify(f.Property) == VendorColumn.Email);
}
