namespace RfqSender.Engine.Templates;

/// <summary>
/// An <c>{{#if Field}}...{{else}}...{{/if}}</c> block: the first part when the field has a value (text
/// that is not empty or white space, a list with elements), else the part after <c>{{else}}</c>, if any.
/// </summary>
internal sealed class IfNode : BlockNode
{
    public const string IfKeyword = "if";

    public IfNode(FieldPath path, string tag, int line, int column)
        : base(IfKeyword, path, tag, line, column)
    {
    }

    public List<TemplateNode> ElseChildren { get; } = new();

    public bool HasElse { get; private set; }

    public override List<TemplateNode> Current => HasElse ? ElseChildren : Children;

    public void StartElse() => HasElse = true;
}
