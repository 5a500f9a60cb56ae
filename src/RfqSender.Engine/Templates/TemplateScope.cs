namespace RfqSender.Engine.Templates;

/// <summary>Where names are looked up while rendering: the current <c>{{#each}}</c> element, then the enclosing ones, then the root.</summary>
internal sealed class TemplateScope
{
    public TemplateScope(TemplateValue value, int index, TemplateScope? parent)
    {
        Value = value;
        Index = index;
        Parent = parent;
    }

    public TemplateValue Value { get; }

    /// <summary>0-based position in the enclosing list; -1 for the root.</summary>
    public int Index { get; }

    public TemplateScope? Parent { get; }
}
