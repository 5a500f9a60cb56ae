using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>
/// A vendor file made ready for a send, the same way for the cmdlets and the CLI: every row (and,
/// when a check is given, every vendor) is checked before anything is sent, then the vendors come
/// in batches. The file is read by <see cref="VendorFileReader.Scan"/>, as Get-RfqVendor and
/// <c>rfq vendors</c> read it: a CSV file streams from disk, so memory does not grow with the
/// number of vendors; YAML and JSON files are read whole.
/// </summary>
public sealed class VendorFileInput
{
    private readonly VendorFileScan _scan;
    private readonly int _batchSize;

    private VendorFileInput(VendorFileScan scan, int batchSize)
    {
        _scan = scan;
        _batchSize = batchSize;
    }

    /// <summary>Every invalid row, with file, line and field.</summary>
    public IReadOnlyList<VendorInputError> Errors => _scan.Errors;

    /// <summary>What the check found (at most the first 1,000).</summary>
    public IReadOnlyList<string> Problems => _scan.Problems;

    /// <summary>How many problems the check found in all.</summary>
    public int ProblemCount => _scan.ProblemCount;

    /// <summary>Vendors in the file: distinct ones before the category filter for CSV, after it otherwise.</summary>
    public int VendorCount => _scan.VendorCount;

    /// <summary>Reads and checks the file.</summary>
    /// <param name="path">The vendor file.</param>
    /// <param name="options">Category filter, encoding, delimiter, format.</param>
    /// <param name="batchSize">Vendors per batch.</param>
    /// <param name="check">Problems of one vendor, e.g. <c>v =&gt; session.Validate(new[] { v })</c>; null for none.</param>
    /// <exception cref="RfqSenderException">The file does not exist, cannot be read, or its format is unknown.</exception>
    public static VendorFileInput Open(string path, VendorReadOptions? options, int batchSize, Func<Vendor, IEnumerable<string>>? check = null) =>
        new(VendorFileReader.Scan(path, options, check), batchSize);

    /// <summary>The valid vendors in batches, in order of first appearance.</summary>
    public IEnumerable<IReadOnlyList<Vendor>> Batches()
    {
        var batch = new List<Vendor>(_batchSize);
        foreach (var vendor in _scan.Vendors())
        {
            batch.Add(vendor);
            if (batch.Count == _batchSize)
            {
                yield return batch;
                batch = new List<Vendor>(_batchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>The valid vendors one by one.</summary>
    public IEnumerable<Vendor> Vendors() => _scan.Vendors();

    /// <summary>The warning when a category filter kept no vendor of the file (<see cref="Rfqs.RfqWarnings.NoVendorInCategory"/>), else null.</summary>
    public string? CategoryWarning(string path, VendorReadOptions? options) =>
        options?.Categories is { Count: > 0 } && Errors.Count == 0 ? Rfqs.RfqWarnings.NoVendorInCategory(path, options.Categories, _scan.SelectedCount > 0) : null;
}
