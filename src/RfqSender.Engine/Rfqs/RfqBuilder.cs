using System.Collections;

namespace RfqSender.Engine.Rfqs;

/// <summary>
/// Builds an RFQ from parameters (what New-Rfq binds), with the same rules as an RFQ file. Errors
/// name the parameter: <c>New-Rfq: parameter -DueDate: ...</c>.
/// </summary>
public sealed class RfqBuilder
{
    /// <summary>The RFQ number, e.g. <c>RFQ-2026-114</c>; the campaign key.</summary>
    public string? Number { get; set; }

    /// <summary>Short title.</summary>
    public string? Title { get; set; }

    /// <summary>When quotes are due: a DateTimeOffset, a local or UTC DateTime, or text with an offset (text without one is refused).</summary>
    public object? DueDate { get; set; }

    /// <summary>The sender, e.g. <c>Purchasing &lt;purchasing@contoso.example&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>Where replies go, when not to <see cref="From"/>.</summary>
    public string? ReplyTo { get; set; }

    /// <summary>The quote sheets each vendor's message carries: xlsx, csv, both, or none (null).</summary>
    public string? QuoteSheet { get; set; }

    /// <summary>Subject template.</summary>
    public string? Subject { get; set; }

    /// <summary>Plain-text body template.</summary>
    public string? Body { get; set; }

    /// <summary>HTML body template.</summary>
    public string? BodyHtml { get; set; }

    /// <summary>File holding the plain-text body template (UTF-8), relative to <see cref="BaseDirectory"/>.</summary>
    public string? BodyPath { get; set; }

    /// <summary>File holding the HTML body template (UTF-8), relative to <see cref="BaseDirectory"/>.</summary>
    public string? BodyHtmlPath { get; set; }

    /// <summary>
    /// Line items: <see cref="LineItem"/> instances, or dictionaries (e.g. PowerShell hashtables) with the
    /// keys Part, Description, Quantity and Unit.
    /// </summary>
    public IList<object> Items { get; } = new List<object>();

    /// <summary>Attachment file paths, relative to <see cref="BaseDirectory"/> or absolute.</summary>
    public IList<string> Attachments { get; } = new List<string>();

    /// <summary>Folder relative paths are resolved against; the current directory when null.</summary>
    public string? BaseDirectory { get; set; }

    /// <summary>Extra fields, usable in templates as <c>{{Rfq.Key}}</c>.</summary>
    public IDictionary<string, string> Fields { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How errors name the input; <c>New-Rfq</c> unless set.</summary>
    public string Source { get; set; } = "New-Rfq";

    /// <summary>Validates the parameters and builds the RFQ.</summary>
    /// <exception cref="RfqDefinitionException">Lists every invalid or missing parameter.</exception>
    public Rfq Build()
    {
        var draft = new RfqDraft(Source, Path.GetFullPath(BaseDirectory ?? Directory.GetCurrentDirectory()), fromParameters: true, sourcePath: null);
        draft.Number = Field(nameof(Number), Number);
        draft.Title = Field(nameof(Title), Title);
        draft.DueDate = Field(nameof(DueDate), DueDate);
        draft.From = Field(nameof(From), From);
        draft.ReplyTo = Field(nameof(ReplyTo), string.IsNullOrWhiteSpace(ReplyTo) ? null : ReplyTo);
        draft.QuoteSheet = Field(nameof(QuoteSheet), string.IsNullOrWhiteSpace(QuoteSheet) ? null : QuoteSheet);
        draft.Subject = Field(nameof(Subject), Subject);
        draft.Body = Field(nameof(Body), Body);
        draft.BodyHtml = Field(nameof(BodyHtml), BodyHtml);
        draft.BodyPath = Field(nameof(BodyPath), BodyPath);
        draft.BodyHtmlPath = Field(nameof(BodyHtmlPath), BodyHtmlPath);

        for (var i = 0; i < Items.Count; i++)
        {
            var name = $"Items[{i + 1}]";
            switch (Items[i])
            {
                case LineItem item:
                    draft.Items.Add(new RfqDraftItem(name, null)
                    {
                        Part = Field(name + ".Part", item.Part),
                        Description = Field(name + ".Description", item.Description),
                        Quantity = Field(name + ".Quantity", item.Quantity),
                        Unit = Field(name + ".Unit", item.Unit),
                    });
                    break;
                case IDictionary dictionary:
                    draft.Items.Add(FromDictionary(draft, name, dictionary));
                    break;
                default:
                    draft.AddError(null, name, $"an item must be a LineItem or a hashtable with Part, Quantity, Description and Unit, not {Items[i]?.GetType().Name ?? "null"}");
                    break;
            }
        }

        for (var i = 0; i < Attachments.Count; i++)
        {
            draft.Attachments.Add(new RfqDraftAttachment($"Attachments[{i + 1}]", Attachments[i], null, null));
        }

        foreach (var field in Fields)
        {
            draft.Fields.Add(Field(field.Key, field.Value));
        }

        return RfqDraftValidator.Validate(draft);
    }

    private static RfqDraftItem FromDictionary(RfqDraft draft, string name, IDictionary dictionary)
    {
        var item = new RfqDraftItem(name, null);
        foreach (DictionaryEntry entry in dictionary)
        {
            var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            var field = Field($"{name}.{key}", entry.Value);
            switch (key.ToLowerInvariant())
            {
                case "part": item.Part = field; break;
                case "description": item.Description = field; break;
                case "quantity": item.Quantity = field; break;
                case "unit": item.Unit = field; break;
                default:
                    draft.AddError(null, $"{name}.{key}", $"'{key}' is not an item key; items have Part, Description, Quantity, Unit");
                    break;
            }
        }

        return item;
    }

    private static RfqDraftField Field(string name, object? value) => new(name, value, null);
}
