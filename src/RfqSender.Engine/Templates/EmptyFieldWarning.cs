using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Templates;

/// <summary>
/// One field tag that renders as empty text for some of the vendors checked, with those vendors: what
/// <c>rfq check</c> prints as a warning. Found by <see cref="RfqTemplates.CheckEmptyFields"/>.
/// </summary>
public sealed class EmptyFieldWarning
{
    /// <summary>How many vendors <see cref="Message"/> names before it counts the rest.</summary>
    public const int VendorsNamed = 5;

    /// <summary>Creates a warning.</summary>
    /// <param name="templateName">The template's name, e.g. <c>body</c>.</param>
    /// <param name="line">1-based line of the tag within the template.</param>
    /// <param name="column">1-based column of the tag within its line.</param>
    /// <param name="field">The field as written in the tag, e.g. <c>Contact.Name</c>.</param>
    /// <param name="vendors">The vendors the field is empty for, in input order.</param>
    /// <param name="vendorsChecked">How many vendors were checked in all.</param>
    public EmptyFieldWarning(string templateName, int line, int column, string field, IReadOnlyList<Vendor> vendors, int vendorsChecked)
    {
        TemplateName = templateName;
        Line = line;
        Column = column;
        Field = field;
        Vendors = vendors ?? throw new ArgumentNullException(nameof(vendors));
        VendorsChecked = vendorsChecked;
        Message = BuildMessage();
    }

    /// <summary>The template's name, e.g. <c>subject</c>, <c>body</c> or <c>bodyHtml</c>.</summary>
    public string TemplateName { get; }

    /// <summary>1-based line of the tag within the template.</summary>
    public int Line { get; }

    /// <summary>1-based column of the tag within its line.</summary>
    public int Column { get; }

    /// <summary>The field as written in the tag, e.g. <c>Contact.Name</c>.</summary>
    public string Field { get; }

    /// <summary>The vendors the field renders empty for, in input order.</summary>
    public IReadOnlyList<Vendor> Vendors { get; }

    /// <summary>How many vendors were checked in all.</summary>
    public int VendorsChecked { get; }

    /// <summary>
    /// The warning for a person, e.g. <c>{{Contact.Name}} (body, line 1) renders empty for 11 of 40 vendors
    /// (V009 (vendors.csv:10), ..., and 6 more): give it a default ({{Contact.Name ?? "..."}}) or fill it in the vendor file</c>.
    /// </summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message;

    private static string Describe(Vendor vendor)
    {
        if (vendor.Source is null)
        {
            return vendor.Key;
        }

        var separator = vendor.Source.LastIndexOfAny(new[] { '/', '\\' });
        return $"{vendor.Key} ({vendor.Source.Substring(separator + 1)})";
    }

    private string BuildMessage()
    {
        var named = Vendors.Take(VendorsNamed).Select(Describe).ToList();
        if (Vendors.Count > VendorsNamed)
        {
            named.Add($"and {Vendors.Count - VendorsNamed} more");
        }

        var root = Field.Split('.')[0];
        var fromVendorFile = string.Equals(root, "Vendor", StringComparison.OrdinalIgnoreCase) || string.Equals(root, "Contact", StringComparison.OrdinalIgnoreCase);
        var fill = fromVendorFile ? "fill it in the vendor file" : "give it a value in the RFQ file";
        var noun = VendorsChecked == 1 ? "vendor" : "vendors";
        return $"{{{{{Field}}}}} ({TemplateName}, line {Line}) renders empty for {Vendors.Count} of {VendorsChecked} {noun} ({string.Join(", ", named)}): "
            + $"give it a default ({{{{{Field} ?? \"...\"}}}}) or {fill}";
    }
}
