using RfqSender.Engine.Templates;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>
/// A vendor file made ready for a send, the same way for the cmdlets and the CLI: every row (and,
/// when a check is given, every vendor) is checked before anything is sent, then the vendors come
/// in batches. A CSV file streams from disk (<see cref="VendorFileStream"/>), so memory does not
/// grow with the number of vendors; YAML and JSON files are read whole.
/// </summary>
public sealed class VendorFileInput
{
    private readonly Func<IEnumerable<Vendor>> _vendors;
    private readonly int _batchSize;

    private VendorFileInput(IReadOnlyList<VendorInputError> errors, IReadOnlyList<string> problems, int problemCount, int vendorCount, Func<IEnumerable<Vendor>> vendors, int batchSize)
    {
        Errors = errors;
        Problems = problems;
        ProblemCount = problemCount;
        VendorCount = vendorCount;
        _vendors = vendors;
        _batchSize = batchSize;
    }

    /// <summary>Every invalid row, with file, line and field.</summary>
    public IReadOnlyList<VendorInputError> Errors { get; }

    /// <summary>What the check found (at most the first 1,000).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>How many problems the check found in all.</summary>
    public int ProblemCount { get; }

    /// <summary>Vendors in the file: distinct ones before the category filter for CSV, after it otherwise.</summary>
    public int VendorCount { get; }

    /// <summary>Reads and checks the file.</summary>
    /// <param name="path">The vendor file.</param>
    /// <param name="options">Category filter, encoding, delimiter, format.</param>
    /// <param name="batchSize">Vendors per batch.</param>
    /// <param name="check">Problems of one vendor, e.g. <c>v =&gt; session.Validate(new[] { v })</c>; null for none.</param>
    /// <exception cref="RfqSenderException">The file does not exist, cannot be read, or its format is unknown.</exception>
    public static VendorFileInput Open(string path, VendorReadOptions? options, int batchSize, Func<Vendor, IEnumerable<string>>? check = null)
    {
        if (VendorFileStream.CanStream(path, options))
        {
            var scan = VendorFileStream.Scan(path, options, check);
            return new VendorFileInput(scan.Errors, scan.Problems, scan.ProblemCount, scan.VendorCount, scan.Vendors, batchSize);
        }

        var read = VendorFileReader.Read(path, options);
        var problems = check is null ? new List<string>() : read.Vendors.SelectMany(check).ToList();
        return new VendorFileInput(read.Errors, problems, problems.Count, read.Vendors.Count, () => read.Vendors, batchSize);
    }

    /// <summary>
    /// Reads and checks the file for a send of an RFQ: every row, and every vendor against the RFQ's
    /// templates (a Vendor field they use that the vendor lacks), before anything is sent.
    /// </summary>
    /// <exception cref="RfqSenderException">The file does not exist, cannot be read, or its format is unknown.</exception>
    public static VendorFileInput OpenFor(RfqTemplates templates, string path, VendorReadOptions? options, int batchSize) =>
        Open(path, options, batchSize, vendor => templates.Check(vendor).Where(e => e.Vendor is not null).Select(e => e.ToString()));

    /// <summary>The valid vendors in batches, in order of first appearance.</summary>
    public IEnumerable<IReadOnlyList<Vendor>> Batches()
    {
        var batch = new List<Vendor>(_batchSize);
        foreach (var vendor in _vendors())
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
    public IEnumerable<Vendor> Vendors() => _vendors();

    /// <summary>The warning when a category filter kept no vendor of the file (<see cref="Rfqs.RfqWarnings.NoVendorInCategory"/>), else null.</summary>
    public string? CategoryWarning(string path, VendorReadOptions? options) =>
        options?.Categories is { Count: > 0 } && Errors.Count == 0 ? Rfqs.RfqWarnings.NoVendorInCategory(path, options.Categories, Vendors().Any()) : null;
}
