namespace RfqSender.Engine.Quotes;

/// <summary>The rows of a comparison: each compared vendor's quote for each item, then a row per problem of each sheet to review.</summary>
public static class QuoteRows
{
    /// <summary>The rows, vendors by name, items in the RFQ's order.</summary>
    public static IReadOnlyList<QuoteRow> Of(QuoteComparison comparison)
    {
        if (comparison is null)
        {
            throw new ArgumentNullException(nameof(comparison));
        }

        var rows = new List<QuoteRow>();
        for (var v = 0; v < comparison.Vendors.Count; v++)
        {
            var vendor = comparison.Vendors[v];
            foreach (var item in comparison.Items)
            {
                var cell = item.Cells[v];
                rows.Add(new QuoteRow
                {
                    RfqNumber = comparison.RfqNumber,
                    VendorKey = vendor.VendorKey,
                    VendorName = vendor.VendorName,
                    Status = QuoteStatus.Accepted,
                    Line = item.Line,
                    Part = item.Part,
                    Quantity = item.Quantity,
                    Unit = item.Unit,
                    UnitPrice = cell.UnitPrice,
                    Currency = cell.Currency,
                    LineTotal = cell.LineTotal,
                    LeadTimeDays = cell.LeadTimeDays,
                    ValidUntil = cell.ValidUntil,
                    Remarks = cell.Remarks,
                    IsLowest = cell.IsLowest,
                    FileName = vendor.FileName,
                    ReceivedAt = vendor.ReceivedAt,
                    SavedPath = vendor.SavedPath,
                });
            }
        }

        foreach (var quote in comparison.NeedsReview)
        {
            foreach (var problem in quote.Problems.DefaultIfEmpty("the sheet could not be read"))
            {
                rows.Add(new QuoteRow
                {
                    RfqNumber = quote.RfqNumber,
                    VendorKey = quote.VendorKey,
                    VendorName = quote.VendorName,
                    Status = QuoteStatus.NeedsReview,
                    Problem = problem,
                    FileName = quote.FileName,
                    ReceivedAt = quote.ReceivedAt,
                    SavedPath = quote.SavedPath,
                });
            }
        }

        return rows;
    }
}
