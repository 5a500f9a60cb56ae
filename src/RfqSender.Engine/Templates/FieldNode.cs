namespace RfqSender.Engine.Templates;

/// <summary>A <c>{{Field:format ?? "default"}}</c> or <c>{{{Field}}}</c> tag.</summary>
internal sealed class FieldNode : TemplateNode
{
    public FieldNode(FieldPath path, string? format, string? defaultText, bool raw, string tag, int line, int column)
        : base(line, column)
    {
        Path = path;
        Format = format;
        Default = defaultText;
        Raw = raw;
        Tag = tag;
    }

    public FieldPath Path { get; }

    public string? Format { get; }

    /// <summary>Text written instead of a value that is empty or white space; null when the tag has no <c>??</c>.</summary>
    public string? Default { get; }

    /// <summary>Written with triple braces: never HTML-escaped.</summary>
    public bool Raw { get; }

    public string Tag { get; }
}
