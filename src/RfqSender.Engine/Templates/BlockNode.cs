namespace RfqSender.Engine.Templates;

/// <summary>A block tag with its body: <c>{{#each List}}...{{/each}}</c> or <c>{{#if Field}}...{{else}}...{{/if}}</c>.</summary>
internal abstract class BlockNode : TemplateNode
{
    protected BlockNode(string keyword, FieldPath path, string tag, int line, int column)
        : base(line, column)
    {
        Keyword = keyword;
        Path = path;
        Tag = tag;
    }

    /// <summary>The block's keyword as its end tag spells it: <c>each</c> or <c>if</c>.</summary>
    public string Keyword { get; }

    public FieldPath Path { get; }

    public string Tag { get; }

    public List<TemplateNode> Children { get; } = new();

    /// <summary>Where the parser adds the nodes it reads next.</summary>
    public virtual List<TemplateNode> Current => Children;
}
