namespace RfqSender.Engine.Templates;

/// <summary>Literal template text, written as it is.</summary>
internal sealed class TextNode : TemplateNode
{
    public TextNode(string text, int line, int column)
        : base(line, column)
    {
        Text = text;
    }

    public string Text { get; }
}
