namespace RfqSender.Engine.Vendors;

/// <summary>The outcome of mapping one <see cref="VendorRecord"/>: a vendor, or the errors that prevent one.</summary>
public sealed class VendorMappingResult
{
    /// <summary>Creates a result.</summary>
    public VendorMappingResult(Vendor? vendor, IReadOnlyList<VendorInputError> errors)
    {
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
        Vendor = errors.Count == 0 ? vendor ?? throw new ArgumentNullException(nameof(vendor)) : null;
    }

    /// <summary>The vendor, or null when the record has errors.</summary>
    public Vendor? Vendor { get; }

    /// <summary>Every problem found in the record; empty when <see cref="Vendor"/> is set.</summary>
    public IReadOnlyList<VendorInputError> Errors { get; }

    /// <summary>True when the record produced a vendor.</summary>
    public bool IsValid => Errors.Count == 0;
}
