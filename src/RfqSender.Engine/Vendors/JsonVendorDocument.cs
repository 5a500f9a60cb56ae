using System.Text;
using System.Text.Json;
using RfqSender.Engine.Documents;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Parses JSON vendor files into <see cref="StructuredNode"/>s. System.Text.Json reports byte
/// offsets, not lines, so the line of each value is computed from the offset of its first byte.
/// Comments and trailing commas are accepted, as people edit these files by hand. Nesting and the
/// number of nodes are counted against the <see cref="DocumentLimits"/> while reading.
/// </summary>
internal static class JsonVendorDocument
{
    public static StructuredNode? Parse(string source, string text, List<VendorInputError> errors, DocumentLimits limits)
    {
        if (text.Trim().Length == 0)
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        // One level more than the limit, so that the budget, not the reader, refuses deep nesting (with a clearer message).
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = limits.MaxDepth + 1 });
        var budget = new DocumentBudget(limits);
        try
        {
            reader.Read();
            var root = ReadValue(ref reader, lineStarts, source, errors, budget);
            if (reader.Read())
            {
                errors.Add(new VendorInputError(source, LineOf(reader.TokenStartIndex, lineStarts), null, null, "the JSON is malformed: there is more text after the end of the document"));
                return null;
            }

            return root;
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is long zeroBased ? (int)zeroBased + 1 : (int?)null;
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            errors.Add(new VendorInputError(source, line, null, null, "the JSON is malformed: " + (cut > 0 ? message.Substring(0, cut) : message)));
            return null;
        }
        catch (DocumentLimitException ex)
        {
            errors.Add(new VendorInputError(source, ex.Line, null, null, ex.Message));
            return null;
        }
    }

    private static StructuredNode ReadValue(ref Utf8JsonReader reader, List<int> lineStarts, string source, List<VendorInputError> errors, DocumentBudget budget)
    {
        var line = LineOf(reader.TokenStartIndex, lineStarts);
        if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
        {
            budget.Value(line);
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                budget.Enter(line);
                var items = new List<StructuredNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, lineStarts, source, errors, budget));
                }

                budget.Leave();
                return StructuredNode.Sequence(line, items);
            case JsonTokenType.StartObject:
                budget.Enter(line);
                var entries = new List<KeyValuePair<string, StructuredNode>>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString() ?? string.Empty;
                    var nameLine = LineOf(reader.TokenStartIndex, lineStarts);
                    budget.Value(nameLine);
                    reader.Read();
                    var value = ReadValue(ref reader, lineStarts, source, errors, budget);
                    if (entries.Any(e => e.Key == name))
                    {
                        errors.Add(new VendorInputError(source, nameLine, name, null, $"the key '{name}' appears twice in the same object"));
                        continue;
                    }

                    entries.Add(new KeyValuePair<string, StructuredNode>(name, value));
                }

                budget.Leave();
                return StructuredNode.Mapping(line, entries);
            case JsonTokenType.String:
                return StructuredNode.Scalar(line, reader.GetString() ?? string.Empty);
            case JsonTokenType.Number:
                return StructuredNode.Scalar(line, Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
            case JsonTokenType.True:
                return StructuredNode.Scalar(line, "true");
            case JsonTokenType.False:
                return StructuredNode.Scalar(line, "false");
            default:
                return StructuredNode.Null(line);
        }
    }

    private static int LineOf(long offset, List<int> lineStarts)
    {
        var index = lineStarts.BinarySearch((int)offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
