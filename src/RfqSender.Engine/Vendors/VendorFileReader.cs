using RfqSender.Engine.Documents;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Reads vendor files: CSV (<c>.csv</c>, <c>.txt</c>, <c>.tsv</c>; comma, semicolon or tab),
/// YAML (<c>.yaml</c>, <c>.yml</c>) and JSON (<c>.json</c>), in UTF-8 with or without byte order
/// mark, UTF-16, or Windows-1252.
/// </summary>
public static class VendorFileReader
{
    /// <summary>
    /// Reads, validates and merges the vendors of a file. Every error in the file (syntax,
    /// header, every invalid row) is in the result, with file, line and field.
    /// </summary>
    /// <exception cref="RfqSenderException">The file does not exist, cannot be read, or its format is unknown.</exception>
    /// <remarks>A CSV file is read as a stream of rows: only the vendors are held, never its text or records.</remarks>
    public static VendorReadResult Read(string path, VendorReadOptions? options = null)
    {
        if (IsCsv(path, options))
        {
            return ReadCsv(path, options);
        }

        var set = ReadRecords(path, options);
        return VendorRecordMapper.MapRead(set.Records, options, set.Errors, set.HeaderLine);
    }

    /// <summary>
    /// Scans a file without keeping its vendors (CSV; YAML and JSON are read whole): every row is
    /// validated, <paramref name="check"/> runs on every valid vendor, and
    /// <see cref="VendorFileScan.Vendors"/> reads the vendors again one at a time. This is how the
    /// front ends read a vendor file, for a listing or a send alike.
    /// </summary>
    /// <param name="path">The vendor file.</param>
    /// <param name="options">Category filter, encoding, delimiter, format.</param>
    /// <param name="check">Problems of one vendor (e.g. a template field it lacks); null for none.</param>
    /// <exception cref="RfqSenderException">The file does not exist, cannot be read, or its format is unknown.</exception>
    public static VendorFileScan Scan(string path, VendorReadOptions? options = null, Func<Vendor, IEnumerable<string>>? check = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("A vendor file path is required.", nameof(path));
        }

        return VendorFileScan.Scan(path, options, check);
    }

    private static bool IsCsv(string path, VendorReadOptions? options)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("A vendor file path is required.", nameof(path));
        }

        return (options?.Format ?? FormatOf(path)) == VendorFileFormat.Csv;
    }

    /// <summary>The rows of a CSV file as they are read, mapped and merged by <see cref="VendorListBuilder"/>.</summary>
    private static VendorReadResult ReadCsv(string path, VendorReadOptions? options)
    {
        var builder = new VendorListBuilder(options);
        var structural = new List<VendorInputError>();
        void TakeStructural()
        {
            structural.ForEach(builder.AddError);
            structural.Clear();
        }

        int? headerLine = null;
        bool? columnsFound = null;
        using (var reader = OpenText(path, options))
        {
            foreach (var record in CsvVendorParser.Enumerate(path, new CharSource(reader), options?.Delimiter, structural, line => headerLine = line))
            {
                TakeStructural();
                if (columnsFound is null && VendorRecordMapper.FindMissingColumns(new[] { record }, headerLine) is { } missing)
                {
                    // Every row lacks the column: one error says so, and only the file's structure is still checked.
                    builder.AddError(missing);
                    columnsFound = false;
                }

                columnsFound ??= true;
                if (columnsFound == true)
                {
                    builder.Add(record);
                }
            }
        }

        TakeStructural();
        return builder.Build();
    }

    /// <summary>Reads the raw records of a file, with the structural errors found while reading them.</summary>
    /// <exception cref="RfqSenderException">The file does not exist, cannot be read, or its format is unknown.</exception>
    public static VendorRecordSet ReadRecords(string path, VendorReadOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("A vendor file path is required.", nameof(path));
        }

        var format = options?.Format ?? FormatOf(path);
        if (format == VendorFileFormat.Csv)
        {
            return CsvVendorParser.Parse(path, ReadText(path, options), options?.Delimiter);
        }

        return ReadStructured(path, format, options, DocumentLimits.Default);
    }

    /// <summary>Reads a YAML or JSON file whole, within <paramref name="limits"/>.</summary>
    internal static VendorRecordSet ReadStructured(string path, VendorFileFormat format, VendorReadOptions? options, DocumentLimits limits)
    {
        var errors = new List<VendorInputError>();
        VendorRecordSet Failed() => new(path, Array.Empty<VendorRecord>(), errors);
        string text;
        try
        {
            limits.CheckFile(path, "; save a longer vendor list as CSV, which is read as a stream");
            text = ReadText(path, options);
        }
        catch (DocumentLimitException ex)
        {
            errors.Add(new VendorInputError(path, ex.Line, null, null, ex.Message));
            return Failed();
        }

        if (VendorTextDecoder.LineOfNul(text) is int nulLine)
        {
            errors.Add(new VendorInputError(path, nulLine, null, null, VendorTextDecoder.NulBytesMessage));
            return Failed();
        }

        if (format == VendorFileFormat.Yaml)
        {
            var yaml = YamlVendorDocument.Parse(path, text, errors, limits);
            return errors.Count > 0 ? Failed() : StructuredVendorParser.Parse(path, yaml, errors);
        }

        var json = JsonVendorDocument.Parse(path, text, errors, limits);
        return errors.Count > 0 && json is null ? Failed() : StructuredVendorParser.Parse(path, json, errors);
    }

    /// <summary>Opens a vendor file as text without reading it whole, with the same encoding rules as <see cref="ReadText"/>.</summary>
    internal static TextReader OpenText(string path, VendorReadOptions? options)
    {
        EnsureRegularFile(path);
        try
        {
            return VendorTextDecoder.Open(path, options?.Encoding);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The vendor file '{path}' does not exist.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The vendor file '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Refuses a folder, a device or a pipe (which would block forever) before it is opened.</summary>
    private static void EnsureRegularFile(string path)
    {
        if (Rfqs.RegularFile.Check(path, long.MaxValue, allowEmpty: true, out _) is { } problem)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The vendor file '{path}' {problem}.");
        }
    }

    /// <summary>Reads and decodes a vendor file's text (BOM, UTF-8, UTF-16, Windows-1252 fallback).</summary>
    internal static string ReadText(string path, VendorReadOptions? options)
    {
        byte[] bytes;
        EnsureRegularFile(path);
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The vendor file '{path}' does not exist.", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The vendor file '{path}' cannot be read: {ex.Message}", ex);
        }

        return VendorTextDecoder.Decode(bytes, options?.Encoding);
    }

    /// <summary>The format implied by a file's extension.</summary>
    /// <exception cref="RfqSenderException">The extension is not one of the known ones.</exception>
    public static VendorFileFormat FormatOf(string path)
    {
        var extension = Path.GetExtension(path ?? throw new ArgumentNullException(nameof(path))).ToLowerInvariant();
        switch (extension)
        {
            case ".csv":
            case ".txt":
            case ".tsv":
                return VendorFileFormat.Csv;
            case ".yaml":
            case ".yml":
                return VendorFileFormat.Yaml;
            case ".json":
                return VendorFileFormat.Json;
            default:
                var hint = extension is ".xlsx" or ".xls" ? " Save the workbook as CSV (UTF-8) first." : string.Empty;
                throw new RfqSenderException(
                    FailureKind.InvalidInput,
                    $"Cannot tell the format of the vendor file '{path}' from its extension '{extension}': use .csv, .txt or .tsv (delimited text), .yaml or .yml, or .json.{hint}");
        }
    }
}
