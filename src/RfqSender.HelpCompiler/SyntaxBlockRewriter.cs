namespace RfqSender.HelpCompiler;

/// <summary>Rewrites the SYNTAX code blocks of a help file from its parameters' yaml blocks (the 'format' command).</summary>
internal static class SyntaxBlockRewriter
{
    /// <summary>The file's text with every SYNTAX block rendered anew; unchanged when they already match.</summary>
    public static string Rewrite(string file, string text)
    {
        var command = CommandHelpReader.Read(file, text);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Replace("\r\n", "\n").Split('\n').ToList();
        foreach (var block in command.Syntax.OrderByDescending(b => b.Line))
        {
            var start = block.Line;
            var end = start;
            while (end < lines.Count && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            lines.RemoveRange(start, end - start);
            lines.Insert(start, SyntaxRenderer.Render(command, block.SetName));
        }

        return string.Join(newline, lines);
    }
}
