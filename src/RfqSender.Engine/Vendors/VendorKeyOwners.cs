namespace RfqSender.Engine.Vendors;

/// <summary>
/// Remembers the name and place of the first vendor of each key in one input, and refuses a later
/// vendor with that key and another name. Rows with one key are merged into one vendor whose
/// message goes to all their addresses at once, so two companies under one key would each see the
/// other's addresses: that is an error in the input, never a merge.
/// </summary>
/// <remarks>
/// Names agree when they are equal once normalised as for derived keys
/// (<see cref="VendorKey.NormalizeName"/>: Unicode NFKC, white space trimmed and collapsed, case
/// ignored), so rows whose key was derived from the name always agree. Everything else counts:
/// punctuation and legal forms (<c>Alpha GmbH</c>, <c>Alpha GmbH.</c>, <c>Alpha-GmbH</c>,
/// <c>Alpha AG</c>, <c>Alpha</c>) are different names, as they may be different companies; writing
/// one company's name the same way on each of its rows is the fix.
/// </remarks>
internal sealed class VendorKeyOwners
{
    private readonly Dictionary<string, (string Name, string Source, int? Line)> _first = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when two vendor names are the same name by the rule in the remarks.</summary>
    public static bool SameName(string first, string second) =>
        string.Equals(VendorKey.NormalizeName(first), VendorKey.NormalizeName(second), StringComparison.Ordinal);

    /// <summary>
    /// Claims the vendor's key for its name. Returns null when the key is new or the names agree;
    /// otherwise the error, located at <paramref name="record"/> when the vendor was mapped from one,
    /// else at the vendor's source.
    /// </summary>
    public VendorInputError? Claim(Vendor vendor, VendorRecord? record = null)
    {
        var source = record?.Source ?? vendor.Source ?? "input";
        var line = record?.Line;
        if (!_first.TryGetValue(vendor.Key, out var first))
        {
            _first.Add(vendor.Key, (vendor.Name, source, line));
            return null;
        }

        if (SameName(first.Name, vendor.Name))
        {
            return null;
        }

        var where = first.Line is not int firstLine ? "in " + first.Source
            : first.Source == source ? $"on line {firstLine}"
            : $"in {first.Source}:{firstLine}";
        var field = record?.Fields.FirstOrDefault(f => VendorColumns.Classify(f.Key) == VendorColumn.Key && !string.IsNullOrWhiteSpace(f.Value)).Key;
        return new VendorInputError(
            source,
            line,
            field,
            vendor.Name,
            $"the key '{vendor.Key}' is already the key of '{first.Name}' {where}; this row names '{vendor.Name}'. "
            + "Rows with one key are one vendor, mailed at all their addresses at once: give each company its own key, "
            + "or, if they are one company, write its name the same way on every row (case and spacing may differ)");
    }
}
