using RfqSender.Engine.Rfqs;

namespace RfqSender.Engine.Quotes;

/// <summary>Builds a <see cref="QuoteComparison"/> from the RFQ's line items and the quotes the store holds.</summary>
public static class QuoteComparisonBuilder
{
    /// <summary>The comparison: the latest accepted quote of each vendor, against every line item.</summary>
    public static QuoteComparison Build(Rfq rfq, IReadOnlyList<VendorQuote> quotes)
    {
        if (rfq is null || quotes is null)
        {
            throw new ArgumentNullException(rfq is null ? nameof(rfq) : nameof(quotes));
        }

        var latest = quotes
            .Where(q => q.Status == QuoteStatus.Accepted)
            .GroupBy(q => q.VendorKey, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(q => q.ReceivedAt).ThenBy(q => q.Id).Last())
            .OrderBy(q => q.VendorName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(q => q.VendorKey, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var accepted = latest.ToDictionary(q => q.VendorKey, q => q.ReceivedAt, StringComparer.OrdinalIgnoreCase);
        var items = new List<QuoteComparisonItem>();
        for (var i = 0; i < rfq.Items.Count; i++)
        {
            var item = rfq.Items[i];
            var cells = latest.Select(q =>
            {
                var line = q.Lines.FirstOrDefault(l => l.Line == i + 1);
                return line is null || !line.IsQuoted
                    ? new QuoteComparisonCell { Remarks = line?.Remarks }
                    : new QuoteComparisonCell
                    {
                        UnitPrice = line.UnitPrice,
                        Currency = line.Currency?.Trim().ToUpperInvariant(),
                        LeadTimeDays = line.LeadTimeDays,
                        ValidUntil = line.ValidUntil,
                        Remarks = line.Remarks,
                        LineTotal = line.UnitPrice * item.Quantity,
                    };
            }).ToList();
            foreach (var currency in cells.Where(c => !c.IsMissing).GroupBy(c => c.Currency ?? string.Empty, StringComparer.OrdinalIgnoreCase))
            {
                var lowest = currency.Min(c => c.UnitPrice!.Value);
                foreach (var cell in currency.Where(c => c.UnitPrice == lowest))
                {
                    cell.IsLowest = true;
                }
            }

            items.Add(new QuoteComparisonItem { Line = i + 1, Part = item.Part, Description = item.Description, Quantity = item.Quantity, Unit = item.Unit, Cells = cells });
        }

        var vendors = latest.Select((q, v) => new QuoteComparisonVendor
        {
            VendorKey = q.VendorKey,
            VendorName = q.VendorName,
            FileName = q.FileName,
            SavedPath = q.SavedPath,
            ReceivedAt = q.ReceivedAt,
            Quoted = items.Count(i => !i.Cells[v].IsMissing),
            Lowest = items.Count(i => i.Cells[v].IsLowest),
            Totals = items.Select(i => i.Cells[v]).Where(c => !c.IsMissing)
                .GroupBy(c => c.Currency ?? string.Empty, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Sum(c => c.LineTotal!.Value), StringComparer.OrdinalIgnoreCase),
        }).ToList();
        return new QuoteComparison
        {
            RfqNumber = rfq.Number,
            Title = rfq.Title,
            Vendors = vendors,
            Items = items,
            NeedsReview = quotes.Where(q => q.Status == QuoteStatus.NeedsReview && (!accepted.TryGetValue(q.VendorKey, out var at) || q.ReceivedAt > at)).OrderBy(q => q.VendorName, StringComparer.OrdinalIgnoreCase).ToList(),
            Currencies = items.SelectMany(i => i.Cells).Where(c => !c.IsMissing).Select(c => c.Currency ?? string.Empty).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(c => c, StringComparer.Ordinal).ToList(),
        };
    }
}
