namespace RfqSender.Engine.Vendors;

/// <summary>
/// A vendor file checked in a first pass and read again, vendor by vendor, in a second: the one way
/// every front end reads a vendor file (Get-RfqVendor, <c>rfq vendors</c>, a send with a vendor
/// file), so the same file gives the same vendors, errors and category subset everywhere.
/// </summary>
/// <remarks>
/// A CSV file is never held in memory: the scan (<see cref="VendorFileReader.Scan"/>) validates every
/// row (and whatever else the caller checks per vendor) and indexes the vendor keys; <see cref="Vendors"/>
/// then reads the file again and yields the merged vendors in order of first appearance, so a file of
/// 100,000 vendors needs about as much memory as one of 1,000. Only the key index and the vendors
/// listed on several rows are kept between the passes; the file must not change between them. A YAML
/// or JSON file is read whole (within <see cref="Documents.DocumentLimits"/>) and kept.
/// </remarks>
public sealed class VendorFileScan
{
    private const int MaxProblemsKept = 1000;
    private readonly Func<IEnumerable<VendorRecord>>? _records;
    private readonly IReadOnlyList<Vendor>? _whole;
    private readonly Dictionary<string, int> _firstRow;
    private readonly HashSet<string> _repeated;
    private readonly VendorCategoryFilter _filter;

    private VendorFileScan(
        Func<IEnumerable<VendorRecord>>? records,
        IReadOnlyList<Vendor>? whole,
        Dictionary<string, int> firstRow,
        HashSet<string> repeated,
        VendorCategoryFilter filter,
        IReadOnlyList<VendorInputError> errors,
        IReadOnlyList<string> problems,
        int problemCount,
        int vendorCount,
        int selectedCount)
    {
        _records = records;
        _whole = whole;
        _firstRow = firstRow;
        _repeated = repeated;
        _filter = filter;
        Errors = errors;
        Problems = problems;
        ProblemCount = problemCount;
        VendorCount = vendorCount;
        SelectedCount = selectedCount;
    }

    /// <summary>Every invalid row, with file, line and field.</summary>
    public IReadOnlyList<VendorInputError> Errors { get; }

    /// <summary>True when no row is invalid.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>What the caller's check found (the first 1,000).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>How many problems the caller's check found in all.</summary>
    public int ProblemCount { get; }

    /// <summary>Distinct valid vendors: before the category filter for CSV, after it for YAML and JSON.</summary>
    public int VendorCount { get; }

    /// <summary>Distinct valid vendors that pass the category filter: how many <see cref="Vendors"/> yields.</summary>
    public int SelectedCount { get; }

    /// <summary>True when the file is read from disk again by <see cref="Vendors"/> (CSV) instead of held.</summary>
    public bool IsStreamed => _records is not null;

    /// <summary>Scans a file: CSV streamed, YAML and JSON read whole.</summary>
    internal static VendorFileScan Scan(string path, VendorReadOptions? options, Func<Vendor, IEnumerable<string>>? check)
    {
        options ??= new VendorReadOptions();
        if ((options.Format ?? VendorFileReader.FormatOf(path)) == VendorFileFormat.Csv)
        {
            return ScanCsv(path, () => VendorFileReader.OpenText(path, options), options, check);
        }

        var read = VendorFileReader.Read(path, options);
        var problems = new List<string>();
        var problemCount = 0;
        foreach (var problem in check is null ? Enumerable.Empty<string>() : read.Vendors.SelectMany(check))
        {
            if (++problemCount <= MaxProblemsKept)
            {
                problems.Add(problem);
            }
        }

        var empty = new Dictionary<string, int>();
        return new VendorFileScan(null, read.Vendors, empty, new HashSet<string>(), VendorCategoryFilter.Of(options), read.Errors, problems, problemCount, read.Vendors.Count, read.Vendors.Count);
    }

    /// <summary>
    /// First pass over CSV text opened by <paramref name="open"/> (each pass opens it anew): validates
    /// every row, runs <paramref name="check"/> on the vendor of each key's first valid row (CSV
    /// columns are the same on every row, so a vendor's fields are known from any of its rows), and
    /// indexes the keys.
    /// </summary>
    internal static VendorFileScan ScanCsv(string path, Func<TextReader> open, VendorReadOptions options, Func<Vendor, IEnumerable<string>>? check)
    {
        var filter = VendorCategoryFilter.Of(options);
        var errors = new List<VendorInputError>();
        var firstRow = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var repeated = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var selected = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var owners = new VendorKeyOwners();
        var problems = new List<string>();
        var problemCount = 0;
        int? headerLine = null;
        var index = -1;
        var columnsMissing = false;
        IEnumerable<VendorRecord> Records(List<VendorInputError> found, Action<int>? onHeader) => ReadCsv(path, open, options, found, onHeader);
        foreach (var record in Records(errors, line => headerLine = line))
        {
            index++;
            if (index == 0 && VendorRecordMapper.FindMissingColumns(new[] { record }, headerLine) is { } missing)
            {
                // Every row lacks the column: one error says so, and only the file's structure is still checked.
                errors.Add(missing);
                columnsMissing = true;
            }

            if (columnsMissing)
            {
                continue;
            }

            var mapped = VendorRecordMapper.MapOne(record);
            errors.AddRange(mapped.Errors);
            if (mapped.Vendor is not { } vendor)
            {
                continue;
            }

            if (owners.Claim(vendor, record) is { } conflict)
            {
                errors.Add(conflict);
                continue;
            }

            // A merged vendor has every category of its rows, so it passes the filter when any row does.
            if (filter.IsActive && filter.Selects(vendor))
            {
                selected.Add(vendor.Key);
            }

            if (firstRow.ContainsKey(vendor.Key))
            {
                repeated.Add(vendor.Key);
                continue;
            }

            firstRow.Add(vendor.Key, index);
            foreach (var problem in check?.Invoke(vendor) ?? Enumerable.Empty<string>())
            {
                if (++problemCount <= MaxProblemsKept)
                {
                    problems.Add(problem);
                }
            }
        }

        return new VendorFileScan(
            () => Records(new List<VendorInputError>(), null),
            null,
            firstRow,
            repeated,
            filter,
            errors,
            problems,
            problemCount,
            firstRow.Count,
            filter.IsActive ? selected.Count : firstRow.Count);
    }

    /// <summary>
    /// Each valid vendor once, merged across its rows, in order of first appearance, if it passes
    /// the category filter. For CSV each call reads the file again (twice when a vendor spans several
    /// rows: once to merge those, once to yield); the first vendor comes as soon as its row is read.
    /// </summary>
    public IEnumerable<Vendor> Vendors() => _records is null ? _whole! : Streamed(_records);

    private IEnumerable<Vendor> Streamed(Func<IEnumerable<VendorRecord>> records)
    {
        var merged = new MergedVendorList();
        if (_repeated.Count > 0)
        {
            foreach (var record in records())
            {
                if (VendorRecordMapper.MapOne(record).Vendor is { } vendor
                    && _repeated.Contains(vendor.Key)
                    && (!merged.TryGet(vendor.Key, out var earlier) || VendorKeyOwners.SameName(earlier.Name, vendor.Name)))
                {
                    // A row naming another company was an error of the scan; it is skipped, never merged.
                    merged.Add(vendor);
                }
            }
        }

        var index = -1;
        foreach (var record in records())
        {
            index++;
            if (VendorRecordMapper.MapOne(record).Vendor is not { } vendor
                || !_firstRow.TryGetValue(vendor.Key, out var first)
                || first != index)
            {
                continue;
            }

            if (merged.TryGet(vendor.Key, out var whole))
            {
                vendor = whole;
            }

            if (_filter.Selects(vendor))
            {
                yield return vendor;
            }
        }
    }

    private static IEnumerable<VendorRecord> ReadCsv(string path, Func<TextReader> open, VendorReadOptions options, List<VendorInputError> errors, Action<int>? onHeader)
    {
        using var reader = open();
        foreach (var record in CsvVendorParser.Enumerate(path, new CharSource(reader), options.Delimiter, errors, onHeader))
        {
            yield return record;
        }
    }
}
