namespace RfqSender.HelpCompiler;

/// <summary>A markdown file cut into its front matter and its tree of headed sections (headings inside code fences are code).</summary>
internal sealed class MarkdownOutline
{
    private MarkdownOutline(IReadOnlyDictionary<string, string> frontMatter, MarkdownSection root)
    {
        FrontMatter = frontMatter;
        Root = root;
    }

    public IReadOnlyDictionary<string, string> FrontMatter { get; }

    /// <summary>A level-0 section holding the whole file; its subsections are the level-1 headings.</summary>
    public MarkdownSection Root { get; }

    public static MarkdownOutline Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select((t, i) => new MarkdownLine(i + 1, t)).ToList();
        var frontMatter = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        if (lines.Count > 0 && lines[0].Text.Trim() == "---")
        {
            index = 1;
            while (index < lines.Count && lines[index].Text.Trim() != "---")
            {
                var colon = lines[index].Text.IndexOf(':');
                if (colon > 0)
                {
                    frontMatter[lines[index].Text.Substring(0, colon).Trim()] = lines[index].Text.Substring(colon + 1).Trim();
                }

                index++;
            }

            index++;
        }

        var root = new MarkdownSection(0, string.Empty, 1);
        var path = new List<MarkdownSection> { root };
        var inFence = false;
        for (; index < lines.Count; index++)
        {
            var line = lines[index];
            if (line.IsFence)
            {
                inFence = !inFence;
            }

            var level = inFence || line.IsFence ? 0 : HeadingLevel(line.Text);
            if (level == 0)
            {
                path[^1].Body.Add(line);
                continue;
            }

            while (path[^1].Level >= level)
            {
                path.RemoveAt(path.Count - 1);
            }

            var section = new MarkdownSection(level, line.Text.Substring(level).Trim(), line.Number);
            path[^1].Subsections.Add(section);
            path.Add(section);
        }

        return new MarkdownOutline(frontMatter, root);
    }

    private static int HeadingLevel(string text)
    {
        var level = 0;
        while (level < text.Length && text[level] == '#')
        {
            level++;
        }

        return level is > 0 and <= 6 && level < text.Length && text[level] == ' ' ? level : 0;
    }
}
