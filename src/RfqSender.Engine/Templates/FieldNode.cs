namespace RfqSender.Engine.Templates;

/// <summary>A <c>{{Field:format}}</c> or <c>{{{Field}}}</c> tag.</summary>
internal sealed class FieldNode : TemplateNode
{
    public FieldNode(FieldPath path, string? format, bool raw, string tag, int line, int column)
        : base(line, column)
    {
        Path = path;
        Format = format;
        Raw = raw;
        Tag = tag;
    }

    public FieldPath Path { get; }

    public string? Format { get; }

    /// <summary>Written with triple braces: never HTML-escaped.</summary>
    public bool Raw { get; }

    public string Tag { get; }
}
