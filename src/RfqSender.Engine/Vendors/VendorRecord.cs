namespace RfqSender.Engine.Vendors;

/// <summary>
/// One raw vendor record as it came in: a CSV row, a YAML or JSON item, or a pipeline object,
/// before any column is interpreted.
/// </summary>
public sealed class VendorRecord
{
    /// <summary>Creates a record.</summary>
    /// <param name="source">The file path, or a description such as <c>pipeline item 3</c>.</param>
    /// <param name="line">The 1-based physical line where the record starts; null when the input is not a file.</param>
    /// <param name="fields">The fields by name as written in the input, in input order; values may be null.</param>
    public VendorRecord(string source, int? line, IReadOnlyList<KeyValuePair<string, string?>> fields)
    {
        Source = source ?? throw new ArgumentNullException(nameof(source));
        Line = line;
        Fields = fields ?? throw new ArgumentNullException(nameof(fields));
    }

    /// <summary>The file path, or a description such as <c>pipeline item 3</c>.</summary>
    public string Source { get; }

    /// <summary>The 1-based physical line where the record starts, or null for pipeline objects.</summary>
    public int? Line { get; }

    /// <summary>The fields by name as written in the input (header, key or property), in input order.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Fields { get; }

    /// <summary><c>source:line</c>, or the source alone when there is no line.</summary>
    public string Location => Line is int line ? $"{Source}:{line}" : Source;

    /// <inheritdoc />
    public override string ToString() => Location;
}
