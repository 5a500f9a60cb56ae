namespace RfqSender.Engine.Vendors;

/// <summary>
/// Vendors in order of first appearance, one per key (ignoring case): a vendor added again is
/// merged into the earlier one by the rules of <see cref="VendorListBuilder"/>. A vendor seen once
/// is kept as it came. The callers decide first, with <see cref="VendorKeyOwners"/>, that a repeated
/// key belongs to the same company; this list refuses to merge two names all the same.
/// </summary>
internal sealed class MergedVendorList
{
    private readonly List<Entry> _order = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Distinct vendors in the list.</summary>
    public int Count => _order.Count;

    /// <summary>Adds a vendor, or merges it into the earlier one with its key.</summary>
    /// <exception cref="ArgumentException">The earlier vendor with this key has another name.</exception>
    public void Add(Vendor vendor)
    {
        if (!_index.TryGetValue(vendor.Key, out var position))
        {
            _index.Add(vendor.Key, _order.Count);
            _order.Add(new Entry(vendor));
            return;
        }

        _order[position].Merge(vendor);
    }

    /// <summary>The merged vendor with this key, if any.</summary>
    public bool TryGet(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Vendor? vendor)
    {
        if (_index.TryGetValue(key, out var position))
        {
            vendor = _order[position].ToVendor();
            return true;
        }

        vendor = null;
        return false;
    }

    /// <summary>The merged vendors, in order of first appearance.</summary>
    public IEnumerable<Vendor> Vendors() => _order.Select(e => e.ToVendor());

    /// <summary>Removes the first <paramref name="count"/> vendors and returns them merged.</summary>
    public IReadOnlyList<Vendor> TakeFirst(int count)
    {
        var taken = _order.Take(count).Select(e => e.ToVendor()).ToList();
        _order.RemoveRange(0, taken.Count);
        _index.Clear();
        for (var i = 0; i < _order.Count; i++)
        {
            _index.Add(_order[i].Key, i);
        }

        return taken;
    }

    /// <summary>Removes every vendor.</summary>
    public void Clear()
    {
        _order.Clear();
        _index.Clear();
    }

    /// <summary>The first vendor of a key, and an accumulator once a second one came.</summary>
    private sealed class Entry
    {
        private readonly Vendor _first;
        private VendorAccumulator? _merged;

        public Entry(Vendor first) => _first = first;

        public string Key => _first.Key;

        public void Merge(Vendor vendor)
        {
            if (!VendorKeyOwners.SameName(_first.Name, vendor.Name))
            {
                throw new ArgumentException($"Vendors '{_first.Name}' and '{vendor.Name}' share the key '{_first.Key}' but are not the same vendor; their addresses must not be merged.", nameof(vendor));
            }

            if (_merged is null)
            {
                _merged = new VendorAccumulator(_first.Key, _first.Name, _first.Source);
                _merged.Merge(_first);
            }

            _merged.Merge(vendor);
        }

        public Vendor ToVendor() => _merged?.ToVendor() ?? _first;
    }
}
