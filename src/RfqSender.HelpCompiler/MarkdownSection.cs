namespace RfqSender.HelpCompiler;

/// <summary>A heading and everything under it up to the next heading of the same or a higher level.</summary>
internal sealed class MarkdownSection
{
    public MarkdownSection(int level, string heading, int line)
    {
        Level = level;
        Heading = heading;
        Line = line;
    }

    public int Level { get; }

    public string Heading { get; }

    public int Line { get; }

    /// <summary>The lines between the heading and its first subsection.</summary>
    public List<MarkdownLine> Body { get; } = new();

    public List<MarkdownSection> Subsections { get; } = new();

    public MarkdownSection? Subsection(string heading) =>
        Subsections.FirstOrDefault(s => string.Equals(s.Heading, heading, StringComparison.OrdinalIgnoreCase));

    /// <summary>The text of the fenced code blocks of the body, each as one string.</summary>
    public IReadOnlyList<(string Info, string Code, int Line)> CodeBlocks()
    {
        var blocks = new List<(string, string, int)>();
        List<string>? current = null;
        var info = string.Empty;
        var start = 0;
        foreach (var line in Body)
        {
            if (line.IsFence)
            {
                if (current is null)
                {
                    current = new List<string>();
                    info = line.Text.Trim().Substring(3).Trim();
                    start = line.Number;
                }
                else
                {
                    blocks.Add((info, string.Join("\n", current), start));
                    current = null;
                }
            }
            else
            {
                current?.Add(line.Text);
            }
        }

        return blocks;
    }

    /// <summary>The body lines outside fenced code blocks.</summary>
    public IReadOnlyList<MarkdownLine> ProseLines(bool before = true, bool after = true)
    {
        var result = new List<MarkdownLine>();
        var inFence = false;
        var seenFence = false;
        foreach (var line in Body)
        {
            if (line.IsFence)
            {
                inFence = !inFence;
                seenFence = true;
                continue;
            }

            if (!inFence && ((before && !seenFence) || (after && seenFence)))
            {
                result.Add(line);
            }
        }

        return result;
    }
}
