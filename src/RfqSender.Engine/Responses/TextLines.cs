namespace RfqSender.Engine.Responses;

/// <summary>Line handling shared by the readers of message text.</summary>
internal static class TextLines
{
    /// <summary>The lines of a text, whatever its line breaks.</summary>
    public static List<string> Split(string? text) =>
        (text ?? string.Empty).Replace("\r\n", "\n").Replace('\r', '\n').Split('\n').ToList();

    /// <summary>The lines with each run of blank lines reduced to one empty line.</summary>
    public static IEnumerable<string> CollapseBlankLines(IEnumerable<string> lines)
    {
        var blank = false;
        foreach (var line in lines)
        {
            var isBlank = line.Trim().Length == 0;
            if (!(isBlank && blank))
            {
                yield return isBlank ? string.Empty : line;
            }

            blank = isBlank;
        }
    }
}
