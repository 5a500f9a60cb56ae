namespace RfqSender.Engine.Rfqs;

/// <summary>
/// An RFQ definition as read from a file or taken from New-Rfq parameters, not yet validated.
/// Both front doors fill one of these so that <see cref="RfqDraftValidator"/> holds the only copy of
/// the rules.
/// </summary>
internal sealed class RfqDraft
{
    public RfqDraft(string source, string baseDirectory, bool fromParameters, string? sourcePath)
    {
        Source = source;
        BaseDirectory = baseDirectory;
        FromParameters = fromParameters;
        SourcePath = sourcePath;
    }

    /// <summary>The file as given, or <c>New-Rfq</c>.</summary>
    public string Source { get; }

    /// <summary>The file's full path, stored as <see cref="Rfq.Source"/>; null for parameters.</summary>
    public string? SourcePath { get; }

    /// <summary>Relative body and attachment paths are resolved against this folder.</summary>
    public string BaseDirectory { get; }

    /// <summary>True for New-Rfq parameters: errors say "parameter -X" and carry no line.</summary>
    public bool FromParameters { get; }

    public RfqDraftField? Number { get; set; }

    public RfqDraftField? Title { get; set; }

    public RfqDraftField? DueDate { get; set; }

    public RfqDraftField? From { get; set; }

    public RfqDraftField? ReplyTo { get; set; }

    /// <summary>quoteSheet: xlsx, csv, both or none.</summary>
    public RfqDraftField? QuoteSheet { get; set; }

    public RfqDraftField? PlusAddressReplies { get; set; }

    public RfqDraftField? Subject { get; set; }

    public RfqDraftField? Body { get; set; }

    public RfqDraftField? BodyHtml { get; set; }

    public RfqDraftField? BodyPath { get; set; }

    public RfqDraftField? BodyHtmlPath { get; set; }

    public List<RfqDraftItem> Items { get; } = new();

    /// <summary>The <c>reminder:</c> section's subject template.</summary>
    public RfqDraftField? ReminderSubject { get; set; }

    /// <summary>The <c>reminder:</c> section's text body template.</summary>
    public RfqDraftField? ReminderBody { get; set; }

    /// <summary>The <c>reminder:</c> section's HTML body template.</summary>
    public RfqDraftField? ReminderBodyHtml { get; set; }

    public List<RfqDraftAttachment> Attachments { get; } = new();

    /// <summary>Extra keys, usable in templates as <c>{{Rfq.Key}}</c>.</summary>
    public List<RfqDraftField> Fields { get; } = new();

    /// <summary>Errors found while reading (YAML structure, wrong value types); validation adds its own.</summary>
    public List<RfqDefinitionError> Errors { get; } = new();

    public void AddError(int? line, string? field, string message) =>
        Errors.Add(new RfqDefinitionError(Source, FromParameters ? null : line, field, message, FromParameters));
}
