namespace RfqSender.Engine.Rfqs;

/// <summary>
/// What is allowed but probably a mistake in an RFQ or in what is sent of it, said before sending:
/// a due date already past, a category filter that keeps no vendor.
/// </summary>
public static class RfqWarnings
{
    /// <summary>Warnings about the RFQ itself at <paramref name="now"/>; empty when there are none.</summary>
    public static IReadOnlyList<string> Of(Rfq rfq, DateTimeOffset now)
    {
        if (rfq is null)
        {
            throw new ArgumentNullException(nameof(rfq));
        }

        var warnings = new List<string>();
        if (rfq.DueDate <= now)
        {
            warnings.Add($"the due date of {rfq.Number}, {rfq.DueDate:yyyy-MM-dd HH:mm zzz}, is in the past: vendors would be asked to reply by a date that has gone. Check dueDate (-DueDate).");
        }

        return warnings;
    }

    /// <summary>The warning for a category filter that kept no vendor of a file, or null when some were kept or there is no filter.</summary>
    public static string? NoVendorInCategory(string source, IReadOnlyCollection<string>? categories, bool anyKept)
    {
        if (anyKept || categories is not { Count: > 0 })
        {
            return null;
        }

        var names = string.Join(", ", categories.Select(c => "'" + c + "'"));
        return $"no vendor of {source} is in the categor{(categories.Count == 1 ? "y" : "ies")} {names}: nothing is sent. "
            + "Categories match whole names, ignoring case; list the vendors and their categories with rfq vendors or Get-RfqVendor.";
    }
}
