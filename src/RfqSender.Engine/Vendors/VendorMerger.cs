namespace RfqSender.Engine.Vendors;

/// <summary>Merges two records of the same vendor, by the rules of <see cref="VendorListBuilder"/>.</summary>
public static class VendorMerger
{
    /// <summary>
    /// Returns <paramref name="first"/> with the contacts, categories and fields of
    /// <paramref name="second"/> that it lacks; name, key and source of the first are kept.
    /// </summary>
    /// <exception cref="ArgumentException">The keys differ, or the names do (by the rule of <see cref="VendorKeyOwners"/>).</exception>
    public static Vendor Merge(Vendor first, Vendor second)
    {
        if (!string.Equals(first.Key, second.Key, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Vendors '{first.Key}' and '{second.Key}' are not the same vendor.", nameof(second));
        }

        var list = new MergedVendorList();
        list.Add(first);
        list.Add(second);
        return list.Vendors().Single();
    }
}
