using System.Text;
using RfqSender.Engine.Documents;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RfqSender.Engine.Rfqs;

/// <summary>
/// Loads an RFQ from its YAML file. Keys are case-insensitive; body and attachment paths are relative
/// to the file; keys other than the known ones become fields usable as <c>{{Rfq.Key}}</c>.
/// </summary>
/// <example>
/// <code>
/// number: RFQ-2026-114
/// title: Copper cable, 3 lots
/// dueDate: 2026-12-15T17:00:00+01:00
/// from: "Purchasing &lt;purchasing@contoso.example&gt;"
/// subject: "RFQ {{Rfq.Number}}: {{Rfq.Title}}"
/// body: |
///   Dear {{Contact.Name}}, ...
/// items:
///   - { part: CU-3x2.5, description: "NYM-J 3x2.5 mm²", quantity: 40, unit: drum }
/// attachments: [ specs/cable-spec.pdf ]
/// </code>
/// </example>
public static class RfqFileLoader
{
    private static readonly string[] ItemKeys = { "part", "description", "quantity", "unit" };

    /// <summary>The largest RFQ file: 8 MiB (room for inline bodies of the largest body files).</summary>
    public const long MaxFileBytes = 8 * AttachmentLimits.MiB;

    /// <summary>Loads and validates an RFQ file.</summary>
    /// <exception cref="RfqDefinitionException">The file is missing, is not valid YAML, or has invalid values; every error is listed.</exception>
    public static Rfq Load(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The RFQ file path must not be empty.", nameof(path));
        }

        var full = Path.GetFullPath(path);
        if (RegularFile.Check(full, MaxFileBytes, out var length) is { } problem)
        {
            throw Single(path, null, $"the RFQ file {problem} {RfqDraftValidator.Where(problem, full)}");
        }

        string text;
        try
        {
            text = RfqDraftValidator.ReadUtf8(full, length);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Single(path, null, $"the RFQ file does not exist (looked for {full})");
        }
        catch (DecoderFallbackException)
        {
            throw Single(path, null, "the file is not valid UTF-8; save it as UTF-8");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Single(path, null, $"the RFQ file cannot be read: {ex.Message}");
        }

        return Parse(text, path, Path.GetDirectoryName(full)!, full);
    }

    /// <summary>Validates an RFQ from YAML text, e.g. read from standard input.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="source">How errors name the input, e.g. a file name or <c>stdin</c>.</param>
    /// <param name="baseDirectory">The folder relative body and attachment paths are resolved against.</param>
    /// <exception cref="RfqDefinitionException">The text is not valid YAML or has invalid values; every error is listed.</exception>
    public static Rfq Parse(string yaml, string source, string baseDirectory) =>
        Parse(yaml, source, Path.GetFullPath(baseDirectory), sourcePath: null);

    private static Rfq Parse(string yaml, string source, string baseDirectory, string? sourcePath)
    {
        var draft = new RfqDraft(source, baseDirectory, fromParameters: false, sourcePath);
        YamlMappingNode? root;
        try
        {
            root = ReadRoot(yaml, draft);
        }
        catch (YamlException ex)
        {
            // YamlDotNet's messages start with "(Line: 3, Col: 5, Idx: ..) - (...): "; the location is given separately.
            var message = ex.Message;
            var dash = message.IndexOf("): ", StringComparison.Ordinal);
            message = dash >= 0 ? message.Substring(dash + 3) : message;
            throw Single(source, (int)ex.Start.Line, $"the file is not valid YAML (column {ex.Start.Column}): {message}");
        }
        catch (DocumentLimitException ex)
        {
            throw Single(source, ex.Line, ex.Message);
        }

        if (root is null)
        {
            throw new RfqDefinitionException(draft.Errors);
        }

        Fill(root, draft);

        return RfqDraftValidator.Validate(draft);
    }

    private static YamlMappingNode? ReadRoot(string yaml, RfqDraft draft)
    {
        var stream = YamlDocumentLoader.Load(yaml);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            draft.AddError(null, null, "the file is empty; an RFQ needs number, title, dueDate, from, subject and a body");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            draft.AddError(Line(stream.Documents[1].RootNode), null, "the file holds more than one YAML document ('---'); put one RFQ per file");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            draft.AddError(Line(stream.Documents[0].RootNode), null, "the file must be a mapping of keys (number:, title:, ...), not a single value or a list");
            return null;
        }

        return root;
    }

    private static void Fill(YamlMappingNode root, RfqDraft draft)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in root.Children)
        {
            if (entry.Key is not YamlScalarNode { Value: { } key })
            {
                draft.AddError(Line(entry.Key), null, "keys must be plain names such as number or title");
                continue;
            }

            if (seen.TryGetValue(key, out var firstLine))
            {
                draft.AddError(Line(entry.Key), key, $"is given twice (first on line {firstLine})");
                continue;
            }

            seen.Add(key, Line(entry.Key));
            var value = entry.Value;
            switch (key.ToLowerInvariant())
            {
                case "number": draft.Number = Scalar(key, value); break;
                case "title": draft.Title = Scalar(key, value); break;
                case "duedate": draft.DueDate = Scalar(key, value); break;
                case "from": draft.From = Scalar(key, value); break;
                case "replyto": draft.ReplyTo = Scalar(key, value); break;
                case "quotesheet": draft.QuoteSheet = Scalar(key, value); break;
                case "plusaddressreplies": draft.PlusAddressReplies = Scalar(key, value); break;
                case "subject": draft.Subject = Scalar(key, value); break;
                case "body": draft.Body = Scalar(key, value); break;
                case "bodyhtml": draft.BodyHtml = Scalar(key, value); break;
                case "bodypath": draft.BodyPath = Scalar(key, value); break;
                case "bodyhtmlpath": draft.BodyHtmlPath = Scalar(key, value); break;
                case "items": FillItems(draft, key, value); break;
                case "attachments": FillAttachments(draft, key, value); break;
                case "reminder": FillReminder(draft, key, value); break;
                default:
                    if (value is YamlScalarNode)
                    {
                        draft.Fields.Add(Scalar(key, value));
                    }
                    else
                    {
                        draft.AddError(Line(entry.Key), key, $"'{key}' is not a known key (number, title, dueDate, from, replyTo, plusAddressReplies, subject, body, bodyHtml, bodyPath, bodyHtmlPath, items, attachments, quoteSheet, reminder); extra keys must be single values, usable as {{{{Rfq.{key}}}}}");
                    }

                    break;
            }
        }
    }

    private static void FillItems(RfqDraft draft, string key, YamlNode value)
    {
        if (IsNull(value))
        {
            return;
        }

        if (value is not YamlSequenceNode sequence)
        {
            draft.AddError(Line(value), key, "must be a list of items, e.g. - { part: CU-3x2.5, quantity: 40, unit: drum }");
            return;
        }

        var position = 0;
        foreach (var element in sequence.Children)
        {
            position++;
            var name = $"{key}[{position}]";
            if (element is not YamlMappingNode mapping)
            {
                draft.AddError(Line(element), name, "an item must be a mapping such as { part: CU-3x2.5, quantity: 40, unit: drum }");
                continue;
            }

            var item = new RfqDraftItem(name, Line(element));
            foreach (var entry in mapping.Children)
            {
                var itemKey = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
                var field = Scalar($"{name}.{itemKey}", entry.Value);
                switch (itemKey.ToLowerInvariant())
                {
                    case "part": item.Part = field; break;
                    case "description": item.Description = field; break;
                    case "quantity": item.Quantity = field; break;
                    case "unit": item.Unit = field; break;
                    default:
                        draft.AddError(Line(entry.Key), $"{name}.{itemKey}", $"'{itemKey}' is not an item key; items have {string.Join(", ", ItemKeys)}");
                        break;
                }
            }

            draft.Items.Add(item);
        }
    }

    private static void FillReminder(RfqDraft draft, string key, YamlNode value)
    {
        if (IsNull(value))
        {
            return;
        }

        if (value is not YamlMappingNode mapping)
        {
            draft.AddError(Line(value), key, "must be a mapping of templates, e.g. reminder: { subject: \"Reminder: {{Rfq.Title}}\", body: ... }");
            return;
        }

        foreach (var entry in mapping.Children)
        {
            var entryKey = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
            var field = Scalar($"{key}.{entryKey}", entry.Value);
            switch (entryKey.ToLowerInvariant())
            {
                case "subject": draft.ReminderSubject = field; break;
                case "body": draft.ReminderBody = field; break;
                case "bodyhtml": draft.ReminderBodyHtml = field; break;
                default:
                    draft.AddError(Line(entry.Key), $"{key}.{entryKey}", $"'{entryKey}' is not a reminder key; a reminder has subject, body and bodyHtml");
                    break;
            }
        }
    }

        private static void FillAttachments(RfqDraft draft, string key, YamlNode value)
    {
        if (IsNull(value))
        {
            return;
        }

        var elements = value is YamlSequenceNode sequence ? sequence.Children : (IList<YamlNode>)new[] { value };
        var position = 0;
        foreach (var element in elements)
        {
            position++;
            var name = $"{key}[{position}]";
            switch (element)
            {
                case YamlScalarNode scalar:
                    draft.Attachments.Add(new RfqDraftAttachment(name, NullableValue(scalar), null, Line(scalar)));
                    break;
                case YamlMappingNode mapping:
                    string? path = null;
                    string? fileName = null;
                    foreach (var entry in mapping.Children)
                    {
                        var entryKey = (entry.Key as YamlScalarNode)?.Value ?? string.Empty;
                        var entryValue = (entry.Value as YamlScalarNode) is { } s ? NullableValue(s) : null;
                        if (string.Equals(entryKey, "path", StringComparison.OrdinalIgnoreCase))
                        {
                            path = entryValue;
                        }
                        else if (string.Equals(entryKey, "name", StringComparison.OrdinalIgnoreCase))
                        {
                            fileName = entryValue;
                        }
                        else
                        {
                            draft.AddError(Line(entry.Key), $"{name}.{entryKey}", $"'{entryKey}' is not an attachment key; use path and (optionally) name");
                        }
                    }

                    draft.Attachments.Add(new RfqDraftAttachment(name, path, fileName, Line(mapping)));
                    break;
                default:
                    draft.AddError(Line(element), name, "an attachment is a path, or { path: ..., name: ... }");
                    break;
            }
        }
    }

    private static RfqDraftField Scalar(string name, YamlNode value)
    {
        if (value is YamlScalarNode scalar)
        {
            return new RfqDraftField(name, NullableValue(scalar), Line(scalar));
        }

        // A stand-in of the same kind lets the validator say what was expected, once, without also calling the key missing.
        object shape = value is YamlSequenceNode ? new List<string>() : new Dictionary<string, string>();
        return new RfqDraftField(name, shape, Line(value));
    }

    private static bool IsNull(YamlNode node) => node is YamlScalarNode scalar && NullableValue(scalar) is null;

    /// <summary>YAML's null (<c>~</c>, <c>null</c> or nothing, unquoted) means the key was left empty.</summary>
    private static string? NullableValue(YamlScalarNode scalar)
    {
        if (scalar.Style == ScalarStyle.Plain && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL"))
        {
            return null;
        }

        return scalar.Value ?? string.Empty;
    }

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private static RfqDefinitionException Single(string source, int? line, string message) =>
        new(new[] { new RfqDefinitionError(source, line, null, message) });
}
