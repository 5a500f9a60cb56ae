namespace RfqSender.Engine.Vendors;

/// <summary>
/// The raw records read from a vendor file, and the errors found in its structure (syntax,
/// encoding, header, shape) before any record is interpreted.
/// </summary>
public sealed class VendorRecordSet
{
    /// <summary>Creates a record set.</summary>
    public VendorRecordSet(string source, IReadOnlyList<VendorRecord> records, IReadOnlyList<VendorInputError> errors, int? headerLine = null)
    {
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Records = records ?? throw new ArgumentNullException(nameof(records));
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
        HeaderLine = headerLine;
    }

    /// <summary>The file path.</summary>
    public string Source { get; }

    /// <summary>The records that could be read, in file order.</summary>
    public IReadOnlyList<VendorRecord> Records { get; }

    /// <summary>Structural errors (records with such errors are not in <see cref="Records"/>).</summary>
    public IReadOnlyList<VendorInputError> Errors { get; }

    /// <summary>The line of the CSV header, when the file has one.</summary>
    public int? HeaderLine { get; }
}
