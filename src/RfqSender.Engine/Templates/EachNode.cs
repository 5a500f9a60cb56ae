namespace RfqSender.Engine.Templates;

/// <summary>An <c>{{#each List}}...{{/each}}</c> block.</summary>
internal sealed class EachNode : TemplateNode
{
    public EachNode(FieldPath path, string tag, int line, int column)
        : base(line, column)
    {
        Path = path;
        Tag = tag;
    }

    public FieldPath Path { get; }

    public string Tag { get; }

    public List<TemplateNode> Children { get; } = new();
}
