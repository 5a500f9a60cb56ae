namespace RfqSender.Engine.Tracking;

/// <summary>
/// One page of a campaign's deliveries, filtered (a status page over a campaign of any size): by
/// state, by one category and by a piece of text, in registration order, <see cref="Limit"/> rows
/// from <see cref="Offset"/>.
/// </summary>
public sealed class DeliveryPageQuery
{
    /// <summary>The most rows one page may hold.</summary>
    public const int MaxLimit = 500;

    private int _offset;
    private int _limit = 50;

    /// <summary>Creates a query for the first page (50 rows) of one campaign.</summary>
    public DeliveryPageQuery(string rfqNumber) => RfqNumber = rfqNumber ?? throw new ArgumentNullException(nameof(rfqNumber));

    /// <summary>The campaign.</summary>
    public string RfqNumber { get; }

    /// <summary>Only deliveries in these states, when set and not empty.</summary>
    public IReadOnlyCollection<DeliveryState>? States { get; set; }

    /// <summary>Only vendors in this category (case-insensitive), when set.</summary>
    public string? Category { get; set; }

    /// <summary>
    /// Only deliveries whose vendor name, vendor key or one of whose To or Cc addresses contains this
    /// text (case-insensitive; <c>%</c> and <c>_</c> are plain characters), when set.
    /// </summary>
    public string? Search { get; set; }

    /// <summary>How many matching rows come before the page (0 or more; default 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int Offset
    {
        get => _offset;
        set => _offset = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Offset), value, "The offset of a page is 0 or more.");
    }

    /// <summary>How many rows the page holds at most: 1 to <see cref="MaxLimit"/> (default 50).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1 or more than <see cref="MaxLimit"/>.</exception>
    public int Limit
    {
        get => _limit;
        set => _limit = value is >= 1 and <= MaxLimit
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Limit), value, $"A page holds 1 to {MaxLimit} rows.");
    }

    /// <summary>The category filter, trimmed; null when none.</summary>
    internal string? CategoryFilter => string.IsNullOrWhiteSpace(Category) ? null : Category!.Trim();

    /// <summary>The search text, trimmed; null when none.</summary>
    internal string? SearchFilter => string.IsNullOrWhiteSpace(Search) ? null : Search!.Trim();

    /// <summary>
    /// The search text as a LIKE pattern (<c>%text%</c>) whose own <c>%</c>, <c>_</c> and
    /// <paramref name="escape"/> characters match themselves, with <c>ESCAPE</c> <paramref name="escape"/>.
    /// </summary>
    internal static string LikePattern(string text, char escape = '\\')
    {
        var pattern = new System.Text.StringBuilder(text.Length + 2).Append('%');
        foreach (var c in text)
        {
            if (c == '%' || c == '_' || c == escape)
            {
                pattern.Append(escape);
            }

            pattern.Append(c);
        }

        return pattern.Append('%').ToString();
    }
}
