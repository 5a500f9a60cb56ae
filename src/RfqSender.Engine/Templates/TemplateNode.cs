namespace RfqSender.Engine.Templates;

/// <summary>A piece of a parsed template: literal text, a field, or an <c>{{#each}}</c> or <c>{{#if}}</c> block.</summary>
internal abstract class TemplateNode
{
    protected TemplateNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    public int Line { get; }

    public int Column { get; }
}
