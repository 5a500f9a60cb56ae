namespace RfqSender.Engine.Templates;

/// <summary>An <c>{{#each List}}...{{/each}}</c> block.</summary>
internal sealed class EachNode : BlockNode
{
    public const string EachKeyword = "each";

    public EachNode(FieldPath path, string tag, int line, int column)
        : base(EachKeyword, path, tag, line, column)
    {
    }
}
