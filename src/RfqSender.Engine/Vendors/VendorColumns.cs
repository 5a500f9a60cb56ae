using System.Text;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// The column names people use for vendor lists, matched loosely: case-insensitive, ignoring
/// spaces, <c>-</c>, <c>_</c> and <c>.</c> (so <c>E-Mail</c>, <c>email_address</c> and
/// <c>Supplier Name</c> are recognised).
/// </summary>
internal static class VendorColumns
{
    /// <summary>Accepted name columns, as shown to users.</summary>
    public const string NameAliasesText = "Name, Vendor, Vendor Name, Company, Company Name, Supplier, Supplier Name, Organization, Firm";

    /// <summary>Accepted To-address columns, as shown to users.</summary>
    public const string EmailAliasesText = "Email, E-mail, Mail, Email Address, Emails, Contact Email, To, Recipients, Contacts (optionally numbered: Email 2)";

    private static readonly Dictionary<string, VendorColumn> Aliases = BuildAliases();

    private static readonly HashSet<string> ContactListPrefixes = new(StringComparer.Ordinal)
    {
        "contacts", "contact", "people", "persons", "recipients", "emails", "email", "mailboxes",
    };

    private static readonly HashSet<string> ContactNameProperties = new(StringComparer.Ordinal)
    {
        "name", "contactname", "contact", "displayname", "fullname", "person",
    };

    private static readonly HashSet<string> ContactRoleProperties = new(StringComparer.Ordinal)
    {
        "role", "type", "kind",
    };

    /// <summary>The loose form of a column name: lower-case, without spaces, '-', '_' and '.'.</summary>
    public static string Normalize(string header)
    {
        var sb = new StringBuilder(header.Length);
        foreach (var c in header)
        {
            if (c == '-' || c == '_' || c == '.' || char.IsWhiteSpace(c))
            {
                continue;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>What a column means.</summary>
    public static VendorColumn Classify(string header)
    {
        var normalized = Normalize(header);
        if (Aliases.TryGetValue(normalized, out var column))
        {
            return column;
        }

        // Numbered address columns (Email 2, Cc3) are common in exports with one cell per contact.
        var unnumbered = normalized.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        if (unnumbered.Length < normalized.Length && Aliases.TryGetValue(unnumbered, out column)
            && (column == VendorColumn.Email || column == VendorColumn.Cc))
        {
            return column;
        }

        return VendorColumn.Unknown;
    }

    /// <summary>True when a nested group such as <c>contacts[0].email</c> is a list of contacts by its name.</summary>
    public static bool IsContactListPrefix(string prefix) => ContactListPrefixes.Contains(Normalize(prefix));

    /// <summary>True when a property of a contact map gives the contact's display name.</summary>
    public static bool IsContactNameProperty(string property) => ContactNameProperties.Contains(Normalize(property));

    /// <summary>True when a property of a contact map gives its role (To or Cc).</summary>
    public static bool IsContactRoleProperty(string property) => ContactRoleProperties.Contains(Normalize(property));

    private static Dictionary<string, VendorColumn> BuildAliases()
    {
        var map = new Dictionary<string, VendorColumn>(StringComparer.Ordinal);
        void Add(VendorColumn column, params string[] names)
        {
            foreach (var name in names)
            {
                map.Add(name, column);
            }
        }

        Add(
            VendorColumn.Name,
            "name", "vendor", "vendorname", "company", "companyname", "supplier", "suppliername",
            "organisation", "organization", "organisationname", "organizationname", "firm", "firmname",
            "businessname", "firma", "lieferant");
        Add(
            VendorColumn.Key,
            "key", "id", "vendorid", "vendorkey", "supplierid", "supplierkey", "companyid", "vendorno",
            "vendornumber", "vendornr", "supplierno", "suppliernumber", "suppliernr", "vendorcode", "suppliercode");
        Add(
            VendorColumn.Email,
            "email", "mail", "emailaddress", "emailaddresses", "mailaddress", "emails", "contactemail",
            "contactemails", "vendoremail", "supplieremail", "to", "emailto", "recipient", "recipients", "contacts",
            "emailadresse", "mailadresse");
        Add(
            VendorColumn.Cc,
            "cc", "ccemail", "ccemails", "ccaddress", "ccaddresses", "ccmail", "copy", "copyto", "emailcc");
        Add(
            VendorColumn.ContactName,
            "contact", "contactname", "contactperson", "attention", "attn", "ansprechpartner");
        Add(
            VendorColumn.Category,
            "category", "categories", "group", "groups", "tag", "tags", "vendorcategory", "vendorgroup",
            "suppliercategory", "suppliergroup", "commodity", "commoditygroup", "productgroup", "kategorie");
        return map;
    }
}
