namespace RfqSender.Engine.Vendors;

/// <summary>Finds vendors of a list by key or by name, the way a user names them on a command line.</summary>
public static class VendorLookup
{
    /// <summary>
    /// The vendors each text names, in the order of the texts: the vendor with that key (ignoring
    /// case), else every vendor with that name (ignoring case). A vendor named twice is returned once.
    /// </summary>
    /// <param name="vendors">The vendors to look in.</param>
    /// <param name="keysOrNames">Vendor keys or names.</param>
    /// <param name="notFound">The texts that named no vendor.</param>
    public static IReadOnlyList<Vendor> Find(IReadOnlyList<Vendor> vendors, IEnumerable<string> keysOrNames, out IReadOnlyList<string> notFound)
    {
        var found = new List<Vendor>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        foreach (var text in keysOrNames.Select(t => (t ?? string.Empty).Trim()).Where(t => t.Length > 0))
        {
            var byKey = vendors.Where(v => string.Equals(v.Key, text, StringComparison.OrdinalIgnoreCase)).ToList();
            var matches = byKey.Count > 0 ? byKey : vendors.Where(v => string.Equals(v.Name.Trim(), text, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 0)
            {
                missing.Add(text);
            }

            found.AddRange(matches.Where(v => seen.Add(v.Key)));
        }

        notFound = missing;
        return found;
    }
}
