namespace RfqSender.Engine.Vendors;

/// <summary>The kind of a node of a YAML or JSON vendor document.</summary>
internal enum StructuredNodeKind
{
    /// <summary>A text, number or boolean.</summary>
    Scalar,

    /// <summary>An explicit null (or an empty YAML value).</summary>
    Null,

    /// <summary>A list or array.</summary>
    Sequence,

    /// <summary>A map or object.</summary>
    Mapping,
}
