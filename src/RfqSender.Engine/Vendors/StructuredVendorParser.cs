namespace RfqSender.Engine.Vendors;

/// <summary>
/// Turns a YAML or JSON document into vendor records: the document is a list of vendor maps, or
/// a map with a <c>vendors</c> (or <c>suppliers</c>) list. Within a vendor, lists of values are
/// joined with <c>;</c>, a list of contact maps becomes <c>contacts[0].email</c>-style fields, and a
/// nested map becomes <c>address.city</c>-style fields.
/// </summary>
internal static class StructuredVendorParser
{
    public static VendorRecordSet Parse(string source, StructuredNode? root, List<VendorInputError> errors)
    {
        var records = new List<VendorRecord>();
        if (root is null || root.Kind == StructuredNodeKind.Null)
        {
            errors.Add(new VendorInputError(source, null, null, null, "the file is empty; it needs a list of vendors"));
            return new VendorRecordSet(source, records, errors);
        }

        var list = FindVendorList(source, root, errors);
        if (list is null)
        {
            return new VendorRecordSet(source, records, errors);
        }

        var number = 0;
        foreach (var item in list.Items)
        {
            number++;
            if (item.Kind != StructuredNodeKind.Mapping)
            {
                errors.Add(new VendorInputError(
                    source,
                    item.Line,
                    null,
                    null,
                    $"vendor {number} is {item.Description}; each vendor must be a map of fields such as name and email"));
                continue;
            }

            if (ToRecord(source, item, errors) is { } record)
            {
                records.Add(record);
            }
        }

        if (list.Items.Count == 0)
        {
            errors.Add(new VendorInputError(source, list.Line, null, null, "the list of vendors is empty"));
        }

        return new VendorRecordSet(source, records, errors);
    }

    private static StructuredNode? FindVendorList(string source, StructuredNode root, List<VendorInputError> errors)
    {
        if (root.Kind == StructuredNodeKind.Sequence)
        {
            return root;
        }

        if (root.Kind == StructuredNodeKind.Mapping)
        {
            var entry = root.Entries.FirstOrDefault(e => VendorColumns.Normalize(e.Key) is "vendors" or "suppliers");
            if (entry.Value is null)
            {
                var keys = string.Join(", ", root.Entries.Select(e => "'" + e.Key + "'"));
                errors.Add(new VendorInputError(
                    source,
                    root.Line,
                    null,
                    null,
                    $"expected a list of vendors, or a map with a 'vendors' list; found a map with the keys {keys}"));
                return null;
            }

            if (entry.Value.Kind == StructuredNodeKind.Sequence)
            {
                return entry.Value;
            }

            errors.Add(new VendorInputError(source, entry.Value.Line, entry.Key, null, $"'{entry.Key}' must be a list of vendors, not {entry.Value.Description}"));
            return null;
        }

        errors.Add(new VendorInputError(source, root.Line, null, null, $"expected a list of vendors, or a map with a 'vendors' list; found {root.Description}"));
        return null;
    }

    private static VendorRecord? ToRecord(string source, StructuredNode item, List<VendorInputError> errors)
    {
        var fields = new List<KeyValuePair<string, string?>>();
        var before = errors.Count;
        foreach (var entry in item.Entries)
        {
            var name = entry.Key;
            var node = entry.Value;
            var column = VendorColumns.Classify(name);
            if (node.Kind is StructuredNodeKind.Scalar or StructuredNodeKind.Null)
            {
                fields.Add(new KeyValuePair<string, string?>(name, node.Value));
                continue;
            }

            if (column is VendorColumn.Name or VendorColumn.Key or VendorColumn.ContactName)
            {
                errors.Add(WrongType(source, item, name, $"must be a single value, not {node.Description}"));
                continue;
            }

            if (node.Kind == StructuredNodeKind.Mapping)
            {
                AddMap(source, item, name, node, fields, errors);
                continue;
            }

            if (node.Items.All(i => i.Kind is StructuredNodeKind.Scalar or StructuredNodeKind.Null))
            {
                fields.Add(new KeyValuePair<string, string?>(name, JoinScalars(node)));
            }
            else if (node.Items.All(i => i.Kind == StructuredNodeKind.Mapping))
            {
                for (var i = 0; i < node.Items.Count; i++)
                {
                    AddMap(source, item, $"{name}[{i}]", node.Items[i], fields, errors);
                }
            }
            else
            {
                errors.Add(WrongType(source, item, name, "must be a list of values or a list of maps, not a mixture or a list of lists"));
            }
        }

        return errors.Count == before ? new VendorRecord(source, item.Line, fields) : null;
    }

    private static void AddMap(
        string source,
        StructuredNode item,
        string prefix,
        StructuredNode map,
        List<KeyValuePair<string, string?>> fields,
        List<VendorInputError> errors)
    {
        foreach (var entry in map.Entries)
        {
            var name = prefix + "." + entry.Key;
            var node = entry.Value;
            if (node.Kind is StructuredNodeKind.Scalar or StructuredNodeKind.Null)
            {
                fields.Add(new KeyValuePair<string, string?>(name, node.Value));
            }
            else if (node.Kind == StructuredNodeKind.Sequence && node.Items.All(i => i.Kind is StructuredNodeKind.Scalar or StructuredNodeKind.Null))
            {
                fields.Add(new KeyValuePair<string, string?>(name, JoinScalars(node)));
            }
            else
            {
                errors.Add(WrongType(source, item, name, $"must be a value or a list of values, not {node.Description}"));
            }
        }
    }

    private static string JoinScalars(StructuredNode sequence) =>
        string.Join(";", sequence.Items.Where(i => i.Kind == StructuredNodeKind.Scalar).Select(i => i.Value));

    private static VendorInputError WrongType(string source, StructuredNode item, string field, string message)
    {
        var name = item.Entries
            .Where(e => VendorColumns.Classify(e.Key) == VendorColumn.Name && e.Value.Kind == StructuredNodeKind.Scalar)
            .Select(e => e.Value.Value)
            .FirstOrDefault();
        return new VendorInputError(source, item.Line, field, name, $"'{field}' {message}");
    }
}
