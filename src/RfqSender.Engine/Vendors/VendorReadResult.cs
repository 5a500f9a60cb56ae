namespace RfqSender.Engine.Vendors;

/// <summary>The vendors read from an input, and every error found in it.</summary>
public sealed class VendorReadResult
{
    /// <summary>Creates a result.</summary>
    public VendorReadResult(IReadOnlyList<Vendor> vendors, IReadOnlyList<VendorInputError> errors)
    {
        Vendors = vendors;
        Errors = errors;
    }

    /// <summary>Valid vendors, duplicates merged, in input order of first appearance.</summary>
    public IReadOnlyList<Vendor> Vendors { get; }

    /// <summary>Every invalid record, with file, line and field.</summary>
    public IReadOnlyList<VendorInputError> Errors { get; }

    /// <summary>True when no error was found.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Throws <see cref="VendorInputException"/> listing every error, unless there are none.</summary>
    public VendorReadResult ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new VendorInputException(Errors);
        }

        return this;
    }
}
