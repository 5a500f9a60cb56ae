using System.Collections;
using System.Management.Automation;
using RfqSender.Engine.Rfqs;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Builds an RFQ from parameters, validated by the same rules as an RFQ file.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "Rfq")]
[OutputType(typeof(Rfq))]
public sealed class NewRfqCommand : RfqCmdlet
{
    /// <summary>The RFQ number, the campaign key: sending the same number again resumes the campaign.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Number { get; set; } = string.Empty;

    /// <summary>Short title.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = string.Empty;

    /// <summary>
    /// When quotes are due: text with an offset such as '2026-12-15T17:00:00+01:00', a [DateTimeOffset],
    /// or a [datetime] from Get-Date (local time). Text without an offset is refused.
    /// </summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNull]
    public object DueDate { get; set; } = string.Empty;

    /// <summary>The sender, e.g. 'Purchasing &lt;purchasing@contoso.com&gt;'.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string From { get; set; } = string.Empty;

    /// <summary>Where replies go, when not to the sender.</summary>
    [Parameter]
    public string? ReplyTo { get; set; }

    /// <summary>The quote sheets made for each vendor and attached to its message: Xlsx, Csv or Both.</summary>
    [Parameter]
    [ValidateSet("None", "Xlsx", "Csv", "Both", IgnoreCase = true)]
    public string? QuoteSheet { get; set; }

    /// <summary>Subject template, e.g. 'RFQ {{Rfq.Number}}: {{Rfq.Title}}'.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Subject { get; set; } = string.Empty;

    /// <summary>Plain-text body template.</summary>
    [Parameter]
    public string? Body { get; set; }

    /// <summary>HTML body template.</summary>
    [Parameter]
    public string? BodyHtml { get; set; }

    /// <summary>File holding the plain-text body template (UTF-8).</summary>
    [Parameter]
    public string? BodyPath { get; set; }

    /// <summary>File holding the HTML body template (UTF-8).</summary>
    [Parameter]
    public string? BodyHtmlPath { get; set; }

    /// <summary>Line items: hashtables or objects with Part, Description, Quantity and Unit.</summary>
    [Parameter]
    [Alias("Items", "LineItem")]
    public object[]? Item { get; set; }

    /// <summary>Files sent to every vendor.</summary>
    [Parameter]
    [Alias("Attachments")]
    public string[]? Attachment { get; set; }

    /// <summary>Extra fields, usable in templates as {{Rfq.Name}}.</summary>
    [Parameter]
    public Hashtable? Field { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var builder = new RfqBuilder
        {
            Number = Number,
            Title = Title,
            // A date from Get-Date or [datetime] carries no zone: in a PowerShell session it means local time.
            DueDate = Unwrap(DueDate) is DateTime { Kind: DateTimeKind.Unspecified } unzoned ? DateTime.SpecifyKind(unzoned, DateTimeKind.Local) : Unwrap(DueDate),
            From = From,
            ReplyTo = ReplyTo,
            QuoteSheet = QuoteSheet,
            Subject = Subject,
            Body = Body,
            BodyHtml = BodyHtml,
            BodyPath = BodyPath is null ? null : ResolvePath(BodyPath),
            BodyHtmlPath = BodyHtmlPath is null ? null : ResolvePath(BodyHtmlPath),
            BaseDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
        };
        foreach (var item in Item ?? Array.Empty<object>())
        {
            builder.Items.Add(ToItem(item));
        }

        foreach (var path in Attachment ?? Array.Empty<string>())
        {
            builder.Attachments.Add(ResolvePath(path));
        }

        foreach (DictionaryEntry entry in Field ?? new Hashtable())
        {
            builder.Fields[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty] =
                Convert.ToString(entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        try
        {
            WriteObject(builder.Build());
        }
        catch (RfqDefinitionException ex)
        {
            ThrowTerminatingError(Error(ex, "RfqDefinitionInvalid", ErrorCategory.InvalidArgument, Number));
        }
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    private static object ToItem(object item)
    {
        var value = item is PSObject wrapped ? wrapped.BaseObject : item;
        var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
        switch (value)
        {
            case LineItem:
                return value;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    table[entry.Key] = Unwrap(entry.Value);
                }

                return table;
            default:
                if (item is not PSObject custom)
                {
                    return value;
                }

                foreach (var property in custom.Properties)
                {
                    table[property.Name] = Unwrap(property.Value);
                }

                return table;
        }
    }
}
