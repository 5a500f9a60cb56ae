namespace RfqSender.Engine.Vendors;

/// <summary>Reads the records of a delimited vendor file, reporting structural errors with their lines.</summary>
internal static class CsvVendorParser
{
    public static VendorRecordSet Parse(string source, string text, char? delimiterOverride)
    {
        var errors = new List<VendorInputError>();
        int? headerLine = null;
        var records = Enumerate(source, text, delimiterOverride, errors, line => headerLine = line).ToList();
        return new VendorRecordSet(source, records, errors, headerLine);
    }

    /// <summary>
    /// The records one at a time, so a large file is never held as records. Structural errors go
    /// to <paramref name="errors"/> as they are met; those about the file as a whole once it ends.
    /// </summary>
    public static IEnumerable<VendorRecord> Enumerate(string source, string text, char? delimiterOverride, List<VendorInputError> errors, Action<int>? onHeader = null) =>
        Enumerate(source, new CharSource(text), delimiterOverride, errors, onHeader);

    /// <summary>The records of characters read as they come (a file streamed from disk).</summary>
    public static IEnumerable<VendorRecord> Enumerate(string source, CharSource text, char? delimiterOverride, List<VendorInputError> errors, Action<int>? onHeader = null)
    {
        var delimiter = delimiterOverride ?? CsvRowReader.DetectDelimiter(text);
        var reader = new CsvRowReader(text, delimiter);
        CsvRow? header = null;
        string[] names = Array.Empty<string>();
        var count = 0;
        var errorsBefore = errors.Count;
        while (reader.ReadRow() is { } row)
        {
            if (row.IsBlank)
            {
                continue;
            }

            if (row.Fields.Any(f => f.IndexOf('\0') >= 0))
            {
                // The rest of such a file is no more readable than this row.
                errors.Add(new VendorInputError(source, row.Line, null, null, VendorTextDecoder.NulBytesMessage));
                yield break;
            }

            if (header is null)
            {
                header = row;
                names = row.Fields.Select(f => f.Trim()).ToArray();
                CheckDuplicateHeaders(source, header.Line, names, errors);
                onHeader?.Invoke(header.Line);
                continue;
            }

            if (ToRecord(source, row, names, delimiter, errors) is { } record)
            {
                count++;
                yield return record;
            }
        }

        if (reader.UnclosedQuoteLine is int quoteLine)
        {
            var column = reader.UnclosedQuoteColumn;
            var field = header is not null && column < names.Length && names[column].Length > 0 ? names[column] : null;
            errors.Add(new VendorInputError(
                source,
                quoteLine,
                field,
                null,
                "a quoted value starting on this line is never closed (a closing \" is missing), so the rest of the file could not be read"));
        }
        else if (header is null)
        {
            errors.Add(new VendorInputError(source, null, null, null, "the file is empty; it needs a header line and one line per vendor"));
        }
        else if (count == 0 && errors.Count == errorsBefore)
        {
            errors.Add(new VendorInputError(source, header.Line, null, null, "the file has a header line but no vendor rows"));
        }
    }

    private static void CheckDuplicateHeaders(string source, int line, string[] names, List<VendorInputError> errors)
    {
        var duplicates = names
            .Select((name, index) => (name, index))
            .Where(h => h.name.Length > 0)
            .GroupBy(h => h.name, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1);
        foreach (var group in duplicates)
        {
            var columns = string.Join(", ", group.Select(h => (h.index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            errors.Add(new VendorInputError(
                source,
                line,
                group.First().name,
                null,
                $"the column '{group.First().name}' appears {group.Count()} times in the header (columns {columns}); rename or remove the copies"));
        }
    }

    private static VendorRecord? ToRecord(string source, CsvRow row, string[] names, char delimiter, List<VendorInputError> errors)
    {
        var extra = row.Fields.Skip(names.Length).Where(f => !string.IsNullOrWhiteSpace(f)).ToList();
        if (extra.Count > 0)
        {
            var shown = delimiter == '\t' ? "tab" : "'" + delimiter + "'";
            errors.Add(new VendorInputError(
                source,
                row.Line,
                null,
                null,
                $"the row has {row.Fields.Count} fields but the header has {names.Length}; check the delimiter ({shown}) and quote values that contain it"));
            return null;
        }

        var fields = new List<KeyValuePair<string, string?>>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            var value = i < row.Fields.Count ? row.Fields[i] : null;
            if (names[i].Length == 0)
            {
                // Spreadsheets export empty trailing columns; only a value under no header is a mistake.
                if (!string.IsNullOrWhiteSpace(value))
                {
                    errors.Add(new VendorInputError(
                        source,
                        row.Line,
                        $"column {i + 1}",
                        null,
                        $"the value '{value!.Trim()}' is in a column without a header"));
                }

                continue;
            }

            fields.Add(new KeyValuePair<string, string?>(names[i], value));
        }

        return new VendorRecord(source, row.Line, fields);
    }
}
