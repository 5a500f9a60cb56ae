namespace RfqSender.Engine.Vendors;

/// <summary>
/// A CSV vendor file read in passes instead of held in memory, so a send of 100,000 vendors needs
/// about as much memory as one of 1,000. <see cref="Scan"/> validates every row (and whatever else
/// the caller checks per vendor) and indexes the vendor keys; <see cref="Vendors"/> then reads the
/// file again and yields the merged vendors in order of first appearance. Only the key index and
/// the vendors listed on several rows are kept between passes. The file must not change between them.
/// </summary>
public sealed class VendorFileStream
{
    private const int MaxProblemsKept = 1000;
    private readonly string _path;
    private readonly VendorReadOptions _options;
    private readonly Dictionary<string, int> _firstRow;
    private readonly HashSet<string> _repeated;
    private readonly string[]? _categories;

    private VendorFileStream(string path, VendorReadOptions options, Dictionary<string, int> firstRow, HashSet<string> repeated, IReadOnlyList<VendorInputError> errors, IReadOnlyList<string> problems, int problemCount)
    {
        _path = path;
        _options = options;
        _firstRow = firstRow;
        _repeated = repeated;
        Errors = errors;
        Problems = problems;
        ProblemCount = problemCount;
        _categories = options.Categories?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).ToArray();
    }

    /// <summary>Every invalid row, with file, line and field.</summary>
    public IReadOnlyList<VendorInputError> Errors { get; }

    /// <summary>What the caller's check found (the first 1,000).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>How many problems the caller's check found in all.</summary>
    public int ProblemCount { get; }

    /// <summary>Distinct vendors in the file (before the category filter).</summary>
    public int VendorCount => _firstRow.Count;

    /// <summary>True when the file can be streamed (CSV); other formats are read whole with <see cref="VendorFileReader"/>.</summary>
    public static bool CanStream(string path, VendorReadOptions? options = null) =>
        (options?.Format ?? VendorFileReader.FormatOf(path)) == VendorFileFormat.Csv;

    /// <summary>
    /// First pass: validates every row, runs <paramref name="check"/> on every valid row's vendor
    /// (CSV columns are the same on every row, so a vendor's fields are known from any of its rows),
    /// and indexes the keys.
    /// </summary>
    /// <exception cref="RfqSenderException">The file does not exist or cannot be read.</exception>
    public static VendorFileStream Scan(string path, VendorReadOptions? options = null, Func<Vendor, IEnumerable<string>>? check = null)
    {
        options ??= new VendorReadOptions();
        var errors = new List<VendorInputError>();
        var firstRow = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var repeated = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var owners = new VendorKeyOwners();
        var problems = new List<string>();
        var problemCount = 0;
        int? headerLine = null;
        var index = -1;
        foreach (var record in Records(path, options, errors, line => headerLine = line))
        {
            index++;
            if (index == 0 && VendorRecordMapper.FindMissingColumns(new[] { record }, headerLine) is { } missing)
            {
                errors.Add(missing);
                break;
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

        return new VendorFileStream(path, options, firstRow, repeated, errors, problems, problemCount);
    }

    /// <summary>Reads the file again and yields each vendor once, merged across its rows, in order of first appearance.</summary>
    public IEnumerable<Vendor> Vendors()
    {
        var merged = new Dictionary<string, Vendor>(StringComparer.OrdinalIgnoreCase);
        if (_repeated.Count > 0)
        {
            foreach (var record in Records(_path, _options, new List<VendorInputError>(), null))
            {
                if (VendorRecordMapper.MapOne(record).Vendor is not { } vendor || !_repeated.Contains(vendor.Key))
                {
                    continue;
                }

                if (!merged.TryGetValue(vendor.Key, out var earlier))
                {
                    merged.Add(vendor.Key, vendor);
                }
                else if (VendorKeyOwners.SameName(earlier.Name, vendor.Name))
                {
                    // A row naming another company was an error of the scan; it is skipped, never merged.
                    merged[vendor.Key] = VendorMerger.Merge(earlier, vendor);
                }
            }
        }

        var index = -1;
        foreach (var record in Records(_path, _options, new List<VendorInputError>(), null))
        {
            index++;
            if (VendorRecordMapper.MapOne(record).Vendor is not { } vendor
                || !_firstRow.TryGetValue(vendor.Key, out var first)
                || first != index)
            {
                continue;
            }

            if (merged.TryGetValue(vendor.Key, out var whole))
            {
                vendor = whole;
            }

            if (_categories is not { Length: > 0 } || _categories.Any(vendor.HasCategory))
            {
                yield return vendor;
            }
        }
    }

    private static IEnumerable<VendorRecord> Records(string path, VendorReadOptions options, List<VendorInputError> errors, Action<int>? onHeader)
    {
        using var reader = VendorFileReader.OpenText(path, options);
        foreach (var record in CsvVendorParser.Enumerate(path, new CharSource(reader), options.Delimiter, errors, onHeader))
        {
            yield return record;
        }
    }
}
