using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Templates;

/// <summary>
/// A field tag that renders as empty text for one vendor (for instance <c>{{Contact.Name}}</c> for a vendor
/// whose contact has no name), found by <see cref="MessageTemplate.FindEmptyFields"/>. Not an error: the
/// message can be sent, but it would read "Dear ,". A tag with a default (<c>??</c>) is never a finding.
/// </summary>
public sealed class EmptyFieldFinding
{
    /// <summary>Creates a finding.</summary>
    public EmptyFieldFinding(string templateName, int line, int column, string field, string tag, Vendor? vendor)
    {
        TemplateName = templateName;
        Line = line;
        Column = column;
        Field = field;
        Tag = tag;
        Vendor = vendor;
    }

    /// <summary>The template's name, e.g. <c>subject</c>, <c>body</c> or <c>bodyHtml</c>.</summary>
    public string TemplateName { get; }

    /// <summary>1-based line of the tag within the template.</summary>
    public int Line { get; }

    /// <summary>1-based column of the tag within its line.</summary>
    public int Column { get; }

    /// <summary>The field as written in the tag, e.g. <c>Contact.Name</c>.</summary>
    public string Field { get; }

    /// <summary>The whole tag as written, e.g. <c>{{ Contact.Name }}</c>.</summary>
    public string Tag { get; }

    /// <summary>The vendor the field is empty for; null for a context without a vendor.</summary>
    public Vendor? Vendor { get; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{{{{{Field}}}}} ({TemplateName}, line {Line}, column {Column}) renders empty"
        + (Vendor is null ? string.Empty : $" for vendor '{Vendor}'" + (Vendor.Source is null ? string.Empty : $" ({Vendor.Source})"));
}
