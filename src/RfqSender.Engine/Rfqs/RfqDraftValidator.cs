using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Templates;

namespace RfqSender.Engine.Rfqs;

/// <summary>The rules of an RFQ definition, shared by <see cref="RfqFileLoader"/> and <see cref="RfqBuilder"/>.</summary>
internal sealed class RfqDraftValidator
{
    public const int MaxNumberLength = 100;
    public const int MaxTitleLength = 300;

    /// <summary>The largest body file (<c>bodyPath</c>, <c>bodyHtmlPath</c>): 5 MiB.</summary>
    public const long MaxBodyFileBytes = 5 * AttachmentLimits.MiB;

    /// <summary>The longest file name shown to vendors for an attachment.</summary>
    public const int MaxAttachmentNameLength = 200;

    /// <summary>The longest subject template: a Subject header servers take, with room for its fields.</summary>
    public const int MaxSubjectLength = 500;

    /// <summary>The longest part number or short name of a line item.</summary>
    public const int MaxPartLength = 200;

    /// <summary>The longest description of a line item.</summary>
    public const int MaxDescriptionLength = 4000;

    /// <summary>The longest unit of a line item.</summary>
    public const int MaxUnitLength = 50;

    /// <summary>The longest value of an extra field (<c>{{Rfq.Project}}</c>).</summary>
    public const int MaxFieldLength = 10000;

    private static readonly Regex TrailingOffset = new(@"(Z|[+-]\d{2}(:?\d{2})?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] DateFormats =
    {
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF K",
        "yyyy-MM-dd HH:mm K",
    };

    private readonly RfqDraft _draft;

    private RfqDraftValidator(RfqDraft draft)
    {
        _draft = draft;
    }

    /// <summary>Validates the draft and builds the RFQ, or throws listing every error found.</summary>
    /// <exception cref="RfqDefinitionException">The definition has errors.</exception>
    public static Rfq Validate(RfqDraft draft) => new RfqDraftValidator(draft).Run();

    /// <summary>Reads a template file as strict UTF-8 (a byte-order mark is allowed).</summary>
    public static string ReadUtf8(string path, long length)
    {
        // UTF-8, or UTF-16 when a byte-order mark says so (as File.ReadAllText would read it).
        var bytes = RegularFile.ReadAll(path, length);
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes, 2, bytes.Length - 2);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true).GetString(bytes, 2, bytes.Length - 2);
        }

        var skip = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return StrictUtf8.GetString(bytes, skip, bytes.Length - skip);
    }

    private Rfq Run()
    {
        var number = SingleLineText(_draft.Number, "number", MaxNumberLength);
        var title = SingleLineText(_draft.Title, "title", MaxTitleLength);
        var dueDate = DueDate(_draft.DueDate);
        var from = Mailbox(_draft.From, "from", required: true);
        var replyTo = Mailbox(_draft.ReplyTo, "replyTo", required: false);
        var plusAddressReplies = PlusAddressReplies(replyTo ?? from);
        var subject = Limited(_draft.Subject, Text(_draft.Subject, "subject", required: true), MaxSubjectLength, singleLine: false);

        var text = Body(_draft.Body, _draft.BodyPath);
        var html = Body(_draft.BodyHtml, _draft.BodyHtmlPath);
        if (IsAbsent(_draft.Body) && IsAbsent(_draft.BodyPath) && IsAbsent(_draft.BodyHtml) && IsAbsent(_draft.BodyHtmlPath))
        {
            AddError(null, FieldName("body"), "the RFQ has no body; give body (plain text), bodyHtml, bodyPath or bodyHtmlPath");
        }

        var items = _draft.Items.Select(Item).Where(i => i is not null).Select(i => i!).ToList();
        var attachments = Attachments();
        var fields = Fields();

        var templates = new List<(MessageTemplate Template, RfqDraftField Field)>();
        ParseTemplate(subject, RfqTemplates.SubjectName, TemplateMode.Text, _draft.Subject, templates);
        ParseTemplate(text.Text, text.TemplateName ?? RfqTemplates.TextName, TemplateMode.Text, text.Field, templates);
        ParseTemplate(html.Text, html.TemplateName ?? RfqTemplates.HtmlName, TemplateMode.Html, html.Field, templates);
        var reminder = ReminderTemplates();
        ParseTemplate(reminder?.Subject, "reminder.subject", TemplateMode.Text, _draft.ReminderSubject, templates);
        ParseTemplate(reminder?.Body, "reminder.body", TemplateMode.Text, _draft.ReminderBody, templates);
        ParseTemplate(reminder?.BodyHtml, "reminder.bodyHtml", TemplateMode.Html, _draft.ReminderBodyHtml, templates);

        // The field check needs an Rfq; stand-ins for invalid values let it run anyway, so one pass reports everything.
        var rfq = new Rfq(
            number ?? string.Empty,
            title ?? string.Empty,
            dueDate ?? default,
            from ?? MailboxAddress.Parse("sender@example.invalid"),
            replyTo,
            subject ?? string.Empty,
            text.Text,
            html.Text,
            items,
            attachments,
            fields,
            _draft.SourcePath)
        {
            Reminder = reminder,
            PlusAddressReplies = plusAddressReplies,
        };
        var context = TemplateContext.ForRfq(rfq);
        foreach (var (template, field) in templates)
        {
            foreach (var error in template.Check(context))
            {
                AddError(field.Line, field.Name, error.Message);
            }
        }

        var quoteSheets = QuoteSheets(_draft.QuoteSheet, items.Count);
        if (_draft.Errors.Count > 0)
        {
            throw new RfqDefinitionException(_draft.Errors.ToList());
        }

        return quoteSheets == QuoteSheetKinds.None ? rfq : rfq.WithQuoteSheets(quoteSheets);
    }

    private QuoteSheetKinds QuoteSheets(RfqDraftField? field, int items)
    {
        var value = (field?.Value as string ?? field?.Value?.ToString())?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return QuoteSheetKinds.None;
        }

        QuoteSheetKinds? kinds = value!.ToLowerInvariant() switch
        {
            "xlsx" => QuoteSheetKinds.Xlsx,
            "csv" => QuoteSheetKinds.Csv,
            "both" or "xlsx,csv" or "csv,xlsx" or "xlsx, csv" or "csv, xlsx" => QuoteSheetKinds.Both,
            "none" or "no" or "false" => QuoteSheetKinds.None,
            _ => null,
        };
        if (kinds is null)
        {
            AddError(field!.Line, field.Name, $"'{value}' is not a quote sheet; give xlsx, csv, both or none");
            return QuoteSheetKinds.None;
        }

        if (kinds != QuoteSheetKinds.None && items == 0)
        {
            AddError(field!.Line, field.Name, "asks for a quote sheet, but the RFQ has no items to quote; list them under items:");
            return QuoteSheetKinds.None;
        }

        return kinds.Value;
    }

    /// <summary>The <c>reminder:</c> section's templates; null when it has none.</summary>
    private RfqReminderTemplates? ReminderTemplates()
    {
        var subject = Text(_draft.ReminderSubject, "reminder.subject", required: false);
        var body = Text(_draft.ReminderBody, "reminder.body", required: false);
        var html = Text(_draft.ReminderBodyHtml, "reminder.bodyHtml", required: false);
        return subject is null && body is null && html is null ? null : new RfqReminderTemplates(subject, body, html);
    }

        private static bool IsAbsent(RfqDraftField? field) => field?.Value is null;

    private static bool HasControlCharacter(string text) => text.Any(char.IsControl);

    private void AddError(int? line, string? field, string message) => _draft.AddError(line, field, message);

    /// <summary>Names a required-but-missing key the way the user would write it.</summary>
    private string FieldName(string yamlKey) =>
        _draft.FromParameters ? char.ToUpperInvariant(yamlKey[0]) + yamlKey.Substring(1) : yamlKey;

    private string? Text(RfqDraftField? field, string key, bool required)
    {
        if (field?.Value is null)
        {
            if (required)
            {
                AddError(null, FieldName(key), $"'{FieldName(key)}' is required");
            }

            return null;
        }

        if (field.Value is not string text)
        {
            AddError(field.Line, field.Name, $"must be text, not {Describe(field.Value)}");
            return null;
        }

        if (required && text.Trim().Length == 0)
        {
            AddError(field.Line, field.Name, "must not be empty");
            return null;
        }

        return text;
    }

    private string? SingleLineText(RfqDraftField? field, string key, int maxLength)
    {
        var text = Text(field, key, required: true)?.Trim();
        if (text is null)
        {
            return null;
        }

        if (HasControlCharacter(text))
        {
            AddError(field!.Line, field.Name, "must be one line without control characters (tabs, line breaks)");
            return null;
        }

        if (text.Length > maxLength)
        {
            AddError(field!.Line, field.Name, $"is {text.Length} characters long; at most {maxLength} are allowed");
            return null;
        }

        return text;
    }

    private DateTimeOffset? DueDate(RfqDraftField? field)
    {
        switch (field?.Value)
        {
            case null:
                AddError(null, FieldName("dueDate"), $"'{FieldName("dueDate")}' is required, with a time zone offset, e.g. 2026-12-15T17:00:00+01:00");
                return null;
            case DateTimeOffset date:
                return date;
            case DateTime { Kind: DateTimeKind.Unspecified } date:
                AddError(field.Line, field.Name, $"'{date:yyyy-MM-dd HH:mm}' has no time zone; pass a DateTimeOffset or a local/UTC DateTime");
                return null;
            case DateTime date:
                return new DateTimeOffset(date);
            case string text:
                return ParseDueDate(field, text.Trim());
            default:
                AddError(field.Line, field.Name, $"must be a date with a time zone offset, not {Describe(field.Value)}");
                return null;
        }
    }

    private DateTimeOffset? ParseDueDate(RfqDraftField field, string text)
    {
        if (!TrailingOffset.IsMatch(text) || text.Length <= 10)
        {
            var example = DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                ? local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+01:00"
                : "2026-12-15T17:00:00+01:00";
            AddError(field.Line, field.Name, $"'{text}' has no time zone offset; write e.g. {example} (or Z for UTC)");
            return null;
        }

        if (DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out exact))
        {
            return exact;
        }

        AddError(field.Line, field.Name, $"'{text}' is not a date; write e.g. 2026-12-15T17:00:00+01:00");
        return null;
    }

    /// <summary><c>plusAddressReplies</c>: true or false (a bool from New-Rfq), and a reply address that can carry a token.</summary>
    private bool PlusAddressReplies(MailboxAddress? replyAddress)
    {
        var field = _draft.PlusAddressReplies;
        bool on;
        switch (field?.Value)
        {
            case null:
                return false;
            case bool flag:
                on = flag;
                break;
            case string text when bool.TryParse(text.Trim(), out var parsed):
                on = parsed;
                break;
            default:
                AddError(field.Line, field.Name, $"'{field.Value}' is not true or false");
                return false;
        }

        if (on && replyAddress is not null && Responses.PlusAddressedReplyTo.Problem(replyAddress) is { } problem)
        {
            AddError(field.Line, field.Name, problem);
            return false;
        }

        return on;
    }

    private MailboxAddress? Mailbox(RfqDraftField? field, string key, bool required)
    {
        if (field?.Value is null)
        {
            if (required)
            {
                AddError(null, FieldName(key), $"'{FieldName(key)}' is required, e.g. \"Purchasing <purchasing@contoso.example>\"");
            }

            return null;
        }

        if (field.Value is MailboxAddress mailbox)
        {
            return mailbox;
        }

        var text = Text(field, key, required);
        if (text is null)
        {
            return null;
        }

        if (!MailboxAddress.TryParse(text, out var address, out var error))
        {
            AddError(field.Line, field.Name, $"is not a valid e-mail address: {error}");
            return null;
        }

        return address;
    }

    private (string? Text, RfqDraftField? Field, string? TemplateName) Body(RfqDraftField? inline, RfqDraftField? path)
    {
        if (!IsAbsent(inline) && !IsAbsent(path))
        {
            AddError(path!.Line, path.Name, $"give either {inline!.Name} or {path.Name}, not both");
            return (null, null, null);
        }

        if (!IsAbsent(inline))
        {
            var text = Limited(inline, Text(inline, inline!.Name, required: true), (int)MaxBodyFileBytes, singleLine: false);
            return (text, inline, null);
        }

        if (IsAbsent(path))
        {
            return (null, null, null);
        }

        var relative = Text(path, path!.Name, required: true);
        if (relative is null)
        {
            return (null, null, null);
        }

        var full = RfqFilePath.Resolve(_draft.BaseDirectory, relative);
        if (RegularFile.Check(full, MaxBodyFileBytes, out var length) is { } problem)
        {
            AddError(path.Line, path.Name, $"the file '{relative}' {problem} {Where(problem, full)}");
            return (null, null, null);
        }

        try
        {
            return (ReadUtf8(full, length), path, relative);
        }
        catch (DecoderFallbackException)
        {
            AddError(path.Line, path.Name, $"the file '{relative}' is not valid UTF-8; save it as UTF-8");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AddError(path.Line, path.Name, $"the file '{relative}' cannot be read: {ex.Message}");
        }

        return (null, null, null);
    }

    private void ParseTemplate(string? text, string name, TemplateMode mode, RfqDraftField? field, List<(MessageTemplate, RfqDraftField)> templates)
    {
        if (text is null || field is null)
        {
            return;
        }

        try
        {
            templates.Add((MessageTemplate.Parse(text, name, mode), field));
        }
        catch (TemplateException ex)
        {
            AddError(field.Line, field.Name, ex.Message);
        }
    }

    private LineItem? Item(RfqDraftItem item)
    {
        var errors = _draft.Errors.Count;
        var part = item.Part?.Value;
        string? partText = null;
        if (part is null || (part is string p && p.Trim().Length == 0))
        {
            AddError(item.Part?.Line ?? item.Line, item.Part?.Name ?? item.Name + "." + FieldName("part"), $"{item.Name} has no part (part number or short name)");
        }
        else
        {
            partText = Limited(item.Part!, OptionalText(item.Part), MaxPartLength, singleLine: true);
        }

        var quantity = Quantity(item);
        var description = Limited(item.Description, OptionalText(item.Description), MaxDescriptionLength, singleLine: false);
        var unit = Limited(item.Unit, OptionalText(item.Unit), MaxUnitLength, singleLine: true);
        if (_draft.Errors.Count > errors || partText is null || quantity is null)
        {
            return null;
        }

        return new LineItem(partText, description, quantity.Value, unit);
    }

    private decimal? Quantity(RfqDraftItem item)
    {
        var field = item.Quantity;
        if (field?.Value is null)
        {
            AddError(item.Line, item.Name + "." + FieldName("quantity"), $"{item.Name} has no quantity");
            return null;
        }

        decimal? value = field.Value switch
        {
            decimal d => d,
            int i => i,
            long l => l,
            double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) < 1e15 => (decimal)d,
            float f when !float.IsNaN(f) && !float.IsInfinity(f) && Math.Abs(f) < 1e15 => (decimal)f,
            string s when decimal.TryParse(s.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        if (value is null)
        {
            AddError(field.Line, field.Name, $"'{Convert.ToString(field.Value, CultureInfo.InvariantCulture)}' is not a number; write e.g. 40 or 2.5 (a dot before decimals)");
            return null;
        }

        if (value <= 0)
        {
            AddError(field.Line, field.Name, $"must be more than 0, not {value.Value.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return value;
    }

    /// <summary>The text when it fits its limits, else null with an error naming the field.</summary>
    private string? Limited(RfqDraftField? field, string? text, int maxLength, bool singleLine)
    {
        if (field is null || text is null)
        {
            return text;
        }

        if (text.Length > maxLength)
        {
            AddError(field.Line, field.Name, $"is {text.Length} characters long; at most {maxLength} are allowed");
            return null;
        }

        if (text.Any(c => char.IsControl(c) && (singleLine || (c != '\n' && c != '\r' && c != '\t'))))
        {
            AddError(field.Line, field.Name, singleLine
                ? "must be one line without control characters (tabs, line breaks)"
                : "contains a control character other than a line break or tab");
            return null;
        }

        return text;
    }

    private string? OptionalText(RfqDraftField? field)
    {
        if (field?.Value is null)
        {
            return null;
        }

        if (field.Value is string text)
        {
            return text.Trim();
        }

        if (field.Value is IFormattable formattable)
        {
            return formattable.ToString(null, CultureInfo.InvariantCulture);
        }

        AddError(field.Line, field.Name, $"must be text, not {Describe(field.Value)}");
        return null;
    }

    private List<RfqAttachment> Attachments()
    {
        var attachments = new List<RfqAttachment>();
        var names = new Dictionary<string, RfqDraftAttachment>(StringComparer.OrdinalIgnoreCase);
        foreach (var attachment in _draft.Attachments)
        {
            if (string.IsNullOrWhiteSpace(attachment.Path))
            {
                AddError(attachment.Line, attachment.Name, "the attachment has no path");
                continue;
            }

            var full = RfqFilePath.Resolve(_draft.BaseDirectory, attachment.Path!.Trim());
            if (RegularFile.Check(full, long.MaxValue, out _) is { } problem)
            {
                AddError(attachment.Line, attachment.Name, $"the file '{attachment.Path}' {problem} {Where(problem, full)}");
                continue;
            }

            if (attachment.FileName is { } shown && FileNameProblem(shown) is { } nameProblem)
            {
                AddError(attachment.Line, attachment.Name, $"the name '{Printable(shown)}' {nameProblem}");
                continue;
            }

            var reference = new RfqAttachment(full, attachment.FileName);
            if (names.TryGetValue(reference.FileName, out var first))
            {
                AddError(attachment.Line, attachment.Name, $"two attachments are named '{reference.FileName}' (also {first.Name}); vendors could not tell them apart");
                continue;
            }

            names.Add(reference.FileName, attachment);
            attachments.Add(reference);
        }

        return attachments;
    }

    private Dictionary<string, string> Fields()
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in _draft.Fields)
        {
            if (fields.ContainsKey(field.Name))
            {
                AddError(field.Line, field.Name, "is given twice");
                continue;
            }

            var value = Limited(field, OptionalText(field), MaxFieldLength, singleLine: false);
            if (value is not null || field.Value is null)
            {
                fields.Add(field.Name, value ?? string.Empty);
            }
        }

        return fields;
    }

    /// <summary>Why a file name shown to vendors is not acceptable (a folder part, a control character, too long), or null.</summary>
    private static string? FileNameProblem(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.IndexOfAny(new[] { '/', '\\' }) >= 0 || trimmed is "." or "..")
        {
            return "holds a folder part ('/', '\\' or '..'); give only the file name vendors should see, e.g. spec.pdf";
        }

        if (trimmed.Any(char.IsControl))
        {
            return "contains a line break or another control character";
        }

        return trimmed.Length > MaxAttachmentNameLength ? $"is {trimmed.Length} characters long; at most {MaxAttachmentNameLength} are allowed" : null;
    }

    /// <summary>Where a file was looked for (when missing) or found.</summary>
    internal static string Where(string problem, string full) => problem == "does not exist" ? $"(looked for {full})" : $"({full})";

    private static string Printable(string text) =>
        new string(text.Take(60).Select(c => char.IsControl(c) ? '?' : c).ToArray()) + (text.Length > 60 ? "..." : string.Empty);

    private static string Describe(object value) => value switch
    {
        System.Collections.IDictionary => "a group of keys",
        System.Collections.IEnumerable => "a list",
        _ => $"a {value.GetType().Name}",
    };
}
