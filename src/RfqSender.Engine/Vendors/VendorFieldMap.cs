using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// The free fields of a vendor (column to value) as a read-only dictionary whose text is
/// <c>Country=DE; Region=EU</c>, so that Export-Csv shows the values and a vendor file reads the
/// <c>Fields</c> column back into fields.
/// </summary>
public sealed class VendorFieldMap : IReadOnlyDictionary<string, string>
{
    private readonly IReadOnlyDictionary<string, string> _fields;

    /// <summary>Wraps the fields.</summary>
    public VendorFieldMap(IReadOnlyDictionary<string, string> fields) =>
        _fields = fields ?? throw new ArgumentNullException(nameof(fields));

    /// <inheritdoc />
    public int Count => _fields.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _fields.Keys;

    /// <inheritdoc />
    public IEnumerable<string> Values => _fields.Values;

    /// <inheritdoc />
    public string this[string key] => _fields[key];

    /// <inheritdoc />
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <inheritdoc />
#if NETSTANDARD2_0
    public bool TryGetValue(string key, out string value) => _fields.TryGetValue(key, out value);
#else
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => _fields.TryGetValue(key, out value);
#endif

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The fields as <c>name=value</c>, separated by <c>"; "</c>.</summary>
    public override string ToString() => string.Join("; ", _fields.Select(f => f.Key + "=" + f.Value));
}
