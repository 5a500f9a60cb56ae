namespace RfqSender.Engine.Tracking;

/// <summary>Delivery counts of a campaign by state: for the whole campaign, or for one vendor category.</summary>
public sealed class DeliverySummary
{
    /// <summary>What <see cref="Category"/> says for the row of the whole campaign.</summary>
    public const string AllCategories = "(all)";

    /// <summary>What <see cref="Category"/> says for vendors without a category.</summary>
    public const string NoCategory = "(none)";

    /// <summary>The RFQ number.</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The category, <see cref="AllCategories"/> or <see cref="NoCategory"/>.</summary>
    public string Category { get; set; } = AllCategories;

    /// <summary>Deliveries in the row.</summary>
    public int Total { get; set; }

    /// <summary>Waiting to be sent.</summary>
    public int Queued { get; set; }

    /// <summary>Being sent now.</summary>
    public int Sending { get; set; }

    /// <summary>Sent.</summary>
    public int Sent { get; set; }

    /// <summary>Waiting to be tried again.</summary>
    public int Deferred { get; set; }

    /// <summary>Failed for good.</summary>
    public int Failed { get; set; }

    /// <summary>Fate unknown.</summary>
    public int InDoubt { get; set; }

    /// <summary>Answered.</summary>
    public int Responded { get; set; }

    /// <summary>Excluded.</summary>
    public int Skipped { get; set; }

    /// <summary>Of <see cref="Failed"/>, those a permanent bounce failed (read from the mailbox).</summary>
    public int Bounced { get; set; }

    /// <summary>Not answered, with an out-of-office reply saying the writer is away until today or later (or not saying until when).</summary>
    public int Away { get; set; }

    /// <summary>
    /// On the <see cref="AllCategories"/> row: null when every run registered its whole vendor
    /// input; else why the campaign's vendor list may be incomplete (a run stopped while registering).
    /// </summary>
    public string? InputIncomplete { get; set; }

    /// <summary>True when the campaign's vendor input was fully registered (see <see cref="InputIncomplete"/>).</summary>
    public bool InputComplete => InputIncomplete is null;

    /// <summary>
    /// The rows of a campaign: the whole campaign first, then each category. A vendor in several
    /// categories counts in each of them.
    /// </summary>
    public static IReadOnlyList<DeliverySummary> Build(string rfqNumber, IReadOnlyList<(string Category, DeliveryState State, int Count)> counts, IReadOnlyDictionary<DeliveryState, int> totals, string? inputIncomplete = null)
    {
        var all = new DeliverySummary { RfqNumber = rfqNumber, InputIncomplete = inputIncomplete };
        foreach (var total in totals)
        {
            all.Add(total.Key, total.Value);
        }

        var rows = new List<DeliverySummary> { all };
        foreach (var group in counts.GroupBy(c => c.Category, StringComparer.OrdinalIgnoreCase))
        {
            var row = new DeliverySummary { RfqNumber = rfqNumber, Category = group.Key.Length == 0 ? NoCategory : group.Key };
            foreach (var count in group)
            {
                row.Add(count.State, count.Count);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// The rows of <see cref="Build(string, IReadOnlyList{ValueTuple{string, DeliveryState, int}}, IReadOnlyDictionary{DeliveryState, int}, string?)"/>
    /// with the bounced and away vendors counted: on the whole campaign's row and on each of their categories' rows.
    /// </summary>
    public static IReadOnlyList<DeliverySummary> Build(
        string rfqNumber,
        IReadOnlyList<(string Category, DeliveryState State, int Count)> counts,
        IReadOnlyDictionary<DeliveryState, int> totals,
        string? inputIncomplete,
        IReadOnlyCollection<DeliveryRecord> bounced,
        IReadOnlyCollection<DeliveryRecord> away)
    {
        var rows = Build(rfqNumber, counts, totals, inputIncomplete);
        var byCategory = rows.Skip(1).ToDictionary(r => r.Category, StringComparer.OrdinalIgnoreCase);
        void Count(IEnumerable<DeliveryRecord> deliveries, Action<DeliverySummary> add)
        {
            foreach (var delivery in deliveries)
            {
                add(rows[0]);
                var categories = delivery.Categories.Count == 0 ? new[] { NoCategory } : delivery.Categories;
                foreach (var category in categories.Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (byCategory.TryGetValue(category, out var row))
                    {
                        add(row);
                    }
                }
            }
        }

        Count(bounced, r => r.Bounced++);
        Count(away, r => r.Away++);
        return rows;
    }

    /// <inheritdoc />
    public override string ToString() => $"{RfqNumber} {Category}: {Sent}/{Total} sent";

    private void Add(DeliveryState state, int count)
    {
        Total += count;
        switch (state)
        {
            case DeliveryState.Queued: Queued += count; break;
            case DeliveryState.Sending: Sending += count; break;
            case DeliveryState.Sent: Sent += count; break;
            case DeliveryState.Deferred: Deferred += count; break;
            case DeliveryState.Failed: Failed += count; break;
            case DeliveryState.InDoubt: InDoubt += count; break;
            case DeliveryState.Responded: Responded += count; break;
            case DeliveryState.Skipped: Skipped += count; break;
        }
    }
}
