namespace RfqSender.HelpCompiler;

/// <summary>A line of a markdown file with its 1-based line number, for error messages.</summary>
internal sealed record MarkdownLine(int Number, string Text)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Text);

    public bool IsFence => Text.TrimStart().StartsWith("```", StringComparison.Ordinal);
}
