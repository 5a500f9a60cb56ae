namespace RfqSender.Engine.Documents;

/// <summary>
/// Counts the nodes and the nesting of a document while it is read, event by event or token by
/// token, and stops the reading as soon as a limit is crossed: before the parser recurses any
/// deeper or anything is expanded.
/// </summary>
internal sealed class DocumentBudget
{
    private readonly DocumentLimits _limits;
    private int _depth;

    public DocumentBudget(DocumentLimits limits)
    {
        _limits = limits;
    }

    /// <summary>Every node so far, aliases expanded.</summary>
    public long Nodes { get; private set; }

    /// <summary>The nodes added by aliases.</summary>
    public long AliasNodes { get; private set; }

    /// <summary>A single value (or a map key).</summary>
    public void Value(int line) => Add(line, 1);

    /// <summary>The start of a list or map.</summary>
    public void Enter(int line)
    {
        if (++_depth > _limits.MaxDepth)
        {
            throw new DocumentLimitException(
                line,
                $"the document is nested more than {_limits.MaxDepth} levels deep (lists and maps inside each other; limit {_limits.MaxDepth})");
        }

        Add(line, 1);
    }

    /// <summary>The end of a list or map.</summary>
    public void Leave() => _depth--;

    /// <summary>An alias (<c>*name</c>) that repeats an anchored node of <paramref name="nodes"/> nodes.</summary>
    public void Alias(int line, string name, long nodes)
    {
        AliasNodes += nodes;
        if (AliasNodes > _limits.MaxAliasNodes)
        {
            throw new DocumentLimitException(
                line,
                $"too many aliases/expanded nodes: the aliases (here *{name}) would expand the document by more than {DocumentLimits.Count(_limits.MaxAliasNodes)} nodes (limit {DocumentLimits.Count(_limits.MaxAliasNodes)})");
        }

        Add(line, nodes);
    }

    private void Add(int line, long nodes)
    {
        Nodes += nodes;
        if (Nodes > _limits.MaxNodes)
        {
            throw new DocumentLimitException(
                line,
                $"too many nodes: the document has more than {DocumentLimits.Count(_limits.MaxNodes)} values, lists and maps (limit {DocumentLimits.Count(_limits.MaxNodes)})");
        }
    }
}
