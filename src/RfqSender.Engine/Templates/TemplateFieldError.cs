namespace RfqSender.Engine.Templates;

/// <summary>
/// A field a template uses that the data does not have (or uses the wrong way, e.g. a list where a
/// value is expected), found before anything is sent.
/// </summary>
public sealed class TemplateFieldError
{
    /// <summary>Creates an error.</summary>
    public TemplateFieldError(string templateName, int line, int column, string field, string? vendor, string message)
    {
        TemplateName = templateName;
        Line = line;
        Column = column;
        Field = field;
        Vendor = vendor;
        Message = message;
    }

    /// <summary>The template's name, e.g. <c>subject</c> or <c>body</c>.</summary>
    public string TemplateName { get; }

    /// <summary>1-based line of the tag within the template.</summary>
    public int Line { get; }

    /// <summary>1-based column of the tag within its line.</summary>
    public int Column { get; }

    /// <summary>The field as written in the template, e.g. <c>Vendor.Regoin</c>.</summary>
    public string Field { get; }

    /// <summary>The vendor whose data lacks the field, or null when the error does not depend on the vendor.</summary>
    public string? Vendor { get; }

    /// <summary>The complete message: field, template, line, column, vendor and the fields that do exist.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message;
}
