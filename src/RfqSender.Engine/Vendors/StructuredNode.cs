namespace RfqSender.Engine.Vendors;

/// <summary>
/// A node of a YAML or JSON vendor document with the line where it starts, so that both formats
/// are turned into records by the same code.
/// </summary>
internal sealed class StructuredNode
{
    private StructuredNode(StructuredNodeKind kind, int line, string? value, IReadOnlyList<StructuredNode>? items, IReadOnlyList<KeyValuePair<string, StructuredNode>>? entries)
    {
        Kind = kind;
        Line = line;
        Value = value;
        Items = items ?? Array.Empty<StructuredNode>();
        Entries = entries ?? Array.Empty<KeyValuePair<string, StructuredNode>>();
    }

    public StructuredNodeKind Kind { get; }

    /// <summary>The 1-based line where the node starts.</summary>
    public int Line { get; }

    /// <summary>The text of a scalar.</summary>
    public string? Value { get; }

    /// <summary>The items of a sequence.</summary>
    public IReadOnlyList<StructuredNode> Items { get; }

    /// <summary>The entries of a mapping, in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, StructuredNode>> Entries { get; }

    /// <summary>How the kind is called in messages.</summary>
    public string Description => Kind switch
    {
        StructuredNodeKind.Scalar => "a single value",
        StructuredNodeKind.Null => "null",
        StructuredNodeKind.Sequence => "a list",
        _ => "a map",
    };

    public static StructuredNode Scalar(int line, string value) => new(StructuredNodeKind.Scalar, line, value, null, null);

    public static StructuredNode Null(int line) => new(StructuredNodeKind.Null, line, null, null, null);

    public static StructuredNode Sequence(int line, IReadOnlyList<StructuredNode> items) => new(StructuredNodeKind.Sequence, line, null, items, null);

    public static StructuredNode Mapping(int line, IReadOnlyList<KeyValuePair<string, StructuredNode>> entries) =>
        new(StructuredNodeKind.Mapping, line, null, null, entries);
}
