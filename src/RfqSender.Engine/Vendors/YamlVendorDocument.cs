using RfqSender.Engine.Documents;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Parses YAML vendor files into <see cref="StructuredNode"/>s with line numbers. Aliases are expanded
/// (each use becomes a copy), within the <see cref="DocumentLimits"/> that loading enforces.
/// </summary>
internal static class YamlVendorDocument
{
    public static StructuredNode? Parse(string source, string text, List<VendorInputError> errors, DocumentLimits limits)
    {
        YamlStream stream;
        try
        {
            stream = YamlDocumentLoader.Load(text, limits);
        }
        catch (YamlException ex)
        {
            errors.Add(new VendorInputError(source, (int)ex.Start.Line, null, null, "the YAML is malformed: " + Describe(ex)));
            return null;
        }
        catch (DocumentLimitException ex)
        {
            errors.Add(new VendorInputError(source, ex.Line, null, null, ex.Message));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            return null;
        }

        return Convert(source, stream.Documents[0].RootNode, errors);
    }

    private static string Describe(YamlException ex)
    {
        // YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the line is reported separately.
        var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(cut + 3) : message;
    }

    private static StructuredNode Convert(string source, YamlNode node, List<VendorInputError> errors)
    {
        var line = (int)node.Start.Line;
        switch (node)
        {
            case YamlScalarNode scalar:
                var isNull = scalar.Style == YamlDotNet.Core.ScalarStyle.Plain
                    && (scalar.Value is null || scalar.Value is "" or "~" or "null" or "Null" or "NULL");
                return isNull ? StructuredNode.Null(line) : StructuredNode.Scalar(line, scalar.Value ?? string.Empty);
            case YamlSequenceNode sequence:
                return StructuredNode.Sequence(line, sequence.Children.Select(c => Convert(source, c, errors)).ToArray());
            case YamlMappingNode mapping:
                var entries = new List<KeyValuePair<string, StructuredNode>>();
                foreach (var pair in mapping.Children)
                {
                    if (pair.Key is not YamlScalarNode key)
                    {
                        errors.Add(new VendorInputError(source, (int)pair.Key.Start.Line, null, null, "a key must be a single value, not a list or a map"));
                        continue;
                    }

                    entries.Add(new KeyValuePair<string, StructuredNode>(key.Value ?? string.Empty, Convert(source, pair.Value, errors)));
                }

                return StructuredNode.Mapping(line, entries);
            default:
                return StructuredNode.Null(line);
        }
    }
}
