namespace RfqSender.Engine.Vendors;

/// <summary>
/// Builds a vendor list from records arriving one at a time (a PowerShell pipeline, a file):
/// maps each record, merges vendors with the same key, collects every error, and applies the
/// category filter at the end.
/// </summary>
/// <remarks>
/// Vendors are duplicates when their keys are equal ignoring case. Merging keeps the first
/// name, key spelling and source; adds contacts not yet present (by address), categories not yet
/// present (ignoring case) and free fields not yet set (the first non-empty value wins). A later
/// vendor whose key is already another company's (its name differs, see <see cref="VendorKeyOwners"/>)
/// is an error and is not merged.
/// </remarks>
public sealed class VendorListBuilder
{
    private readonly VendorCategoryFilter filter;
    private readonly MergedVendorList vendors = new();
    private readonly List<VendorInputError> errors = new();
    private readonly VendorKeyOwners owners = new();

    /// <summary>Creates an empty builder.</summary>
    public VendorListBuilder(VendorReadOptions? options = null)
    {
        filter = VendorCategoryFilter.Of(options);
    }

    /// <summary>The number of distinct vendors so far (before the category filter).</summary>
    public int VendorCount => vendors.Count;

    /// <summary>Every error so far.</summary>
    public IReadOnlyList<VendorInputError> Errors => errors;

    /// <summary>
    /// Maps a record with <see cref="VendorRecordMapper.MapOne"/>, keeps its errors and merges its
    /// vendor; a key already given to another company is the record's error.
    /// </summary>
    public VendorMappingResult Add(VendorRecord record)
    {
        var result = VendorRecordMapper.MapOne(record);
        errors.AddRange(result.Errors);
        if (result.Vendor is not null && Accept(result.Vendor, record) is { } conflict)
        {
            return new VendorMappingResult(null, new[] { conflict });
        }

        return result;
    }

    /// <summary>Adds a vendor, merging it into an earlier one with the same key, unless that key is another company's (an error).</summary>
    public void Add(Vendor vendor) => Accept(vendor ?? throw new ArgumentNullException(nameof(vendor)), null);

    private VendorInputError? Accept(Vendor vendor, VendorRecord? record)
    {
        if (owners.Claim(vendor, record) is { } conflict)
        {
            errors.Add(conflict);
            return conflict;
        }

        vendors.Add(vendor);
        return null;
    }

    /// <summary>Records an error found outside record mapping (file syntax, header).</summary>
    public void AddError(VendorInputError error) => errors.Add(error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>The merged vendors that pass the category filter, in order of first appearance, and every error.</summary>
    public VendorReadResult Build() => new(vendors.Vendors().Where(filter.Selects).ToArray(), errors.ToArray());
}
