namespace RfqSender.Engine;

/// <summary>
/// The one way a message lists many problems: the first <see cref="Shown"/>, each on an indented
/// line of its own, then how many more there are, so an error about a 100,000-row file stays readable.
/// </summary>
public static class ProblemList
{
    /// <summary>How many problems a message lists before it counts the rest.</summary>
    public const int Shown = 20;

    /// <summary>
    /// The problems as indented lines (<c>"  problem"</c>), the first <see cref="Shown"/> of them, and
    /// <c>"  ... and N more"</c> when <paramref name="total"/> (default: how many are given) exceeds that.
    /// </summary>
    public static string Lines(IEnumerable<string> problems, int? total = null)
    {
        if (problems is null)
        {
            throw new ArgumentNullException(nameof(problems));
        }

        var shown = problems.Take(Shown).ToList();
        var count = total ?? (problems is IReadOnlyCollection<string> all ? all.Count : shown.Count + problems.Skip(Shown).Count());
        var lines = string.Join(Environment.NewLine, shown.Select(p => "  " + p));
        return count > shown.Count ? $"{lines}{Environment.NewLine}  ... and {count - shown.Count} more" : lines;
    }
}
