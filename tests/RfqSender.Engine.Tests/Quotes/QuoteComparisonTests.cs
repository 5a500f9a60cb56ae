using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Quotes;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Tests.Documents.QuoteSheets;
using RfqSender.Engine.Tests.Rfqs;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Engine.Tests.Quotes;

/// <summary>The item × vendor comparison: lowest per item within a currency, missing quotes visible, latest accepted sheet per vendor, and its workbook.</summary>
public sealed class QuoteComparisonTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly Rfq Rfq = TestRfqs.Rfq(items: new[]
    {
        new LineItem("A-1", "Cable", 10m, "m"),
        new LineItem("B-2", "Gland", 4m, "pc"),
        new LineItem("C-3", "Tape", 2m, "roll"),
    });

    private static VendorQuote Quote(string key, DateTimeOffset at, QuoteStatus status, params (decimal? Price, string Currency)[] lines) => new()
    {
        RfqNumber = Rfq.Number,
        VendorKey = key,
        VendorName = "Vendor " + key,
        FileName = key + ".xlsx",
        ReceivedAt = at,
        Status = status,
        Lines = lines.Select((l, i) => new QuoteLine(i + 1, Rfq.Items[i].Part, Rfq.Items[i].Quantity, Rfq.Items[i].Unit, l.Price, l.Price is null ? null : l.Currency, l.Price is null ? null : 7, null, null)).ToList(),
        Problems = status == QuoteStatus.NeedsReview ? new[] { "Quote!F9: expected a unit price; found the text 'call us'" } : Array.Empty<string>(),
    };

    [Fact]
    public void The_lowest_price_per_item_is_marked_within_its_currency_and_missing_quotes_stay_visible()
    {
        var quotes = new[]
        {
            Quote("X", At, QuoteStatus.Accepted, (5m, "EUR"), (2m, "EUR"), (null, "EUR")),
            Quote("Y", At, QuoteStatus.Accepted, (4m, "eur"), (2m, "EUR"), (1m, "EUR")),
            Quote("Z", At, QuoteStatus.Accepted, (3m, "USD"), (null, "USD"), (null, "USD")),
        };

        var c = QuoteComparisonBuilder.Build(Rfq, quotes);

        Assert.Equal(new[] { "X", "Y", "Z" }, c.Vendors.Select(v => v.VendorKey));
        Assert.Equal(new[] { false, true, true }, c.Items[0].Cells.Select(x => x.IsLowest));
        Assert.Equal(new[] { true, true, false }, c.Items[1].Cells.Select(x => x.IsLowest));
        Assert.True(c.Items[1].Cells[2].IsMissing);
        Assert.Equal(1, c.Items[2].QuotedBy);
        Assert.Equal("EUR", c.Items[0].Cells[1].Currency);
        Assert.Equal(40m, c.Items[0].Cells[1].LineTotal);
        Assert.Equal(new[] { "EUR", "USD" }, c.Currencies);
        var y = c.Vendors[1];
        Assert.Equal((3, 3), (y.Quoted, y.Lowest));
        Assert.Equal(40m + 8m + 2m, y.Totals["EUR"]);
        Assert.Equal(30m, c.Vendors[2].Totals["USD"]);
    }

    [Fact]
    public void The_latest_accepted_sheet_of_a_vendor_counts_and_a_newer_one_for_review_is_listed()
    {
        var quotes = new[]
        {
            Quote("X", At, QuoteStatus.Accepted, (5m, "EUR"), (2m, "EUR"), (1m, "EUR")),
            Quote("X", At.AddDays(1), QuoteStatus.Accepted, (4m, "EUR"), (2m, "EUR"), (1m, "EUR")),
            Quote("X", At.AddDays(2), QuoteStatus.NeedsReview),
            Quote("W", At.AddDays(2), QuoteStatus.NeedsReview),
            Quote("V", At.AddDays(-1), QuoteStatus.NeedsReview),
            Quote("V", At, QuoteStatus.Accepted, (6m, "EUR"), (null, "EUR"), (null, "EUR")),
        };

        var c = QuoteComparisonBuilder.Build(Rfq, quotes);

        Assert.Equal(new[] { "V", "X" }, c.Vendors.Select(v => v.VendorKey));
        Assert.Equal(4m, c.Items[0].Cells[1].UnitPrice);
        Assert.Equal(new[] { "W", "X" }, c.NeedsReview.Select(q => q.VendorKey));
    }

    [SkippableFact]
    public void The_workbook_holds_the_prices_as_numbers_with_the_lowest_marked_and_the_review_list()
    {
        OpenpyxlWorkbook.Require();
        using var folder = new TestFolder();
        var quotes = new[]
        {
            Quote("X", At, QuoteStatus.Accepted, (5m, "EUR"), (2m, "EUR"), (null, "EUR")),
            Quote("Y", At, QuoteStatus.Accepted, (4m, "EUR"), (2.5m, "EUR"), (1m, "EUR")),
            Quote("W", At, QuoteStatus.NeedsReview),
        };
        var path = folder.Combine("comparison.xlsx");
        using (var file = File.Create(path))
        {
            QuoteComparisonXlsxWriter.Write(QuoteComparisonBuilder.Build(Rfq, quotes), file);
        }

        var book = OpenpyxlWorkbook.Describe(path);
        var sheets = book.GetProperty("sheets").EnumerateArray().ToList();
        Assert.Equal(new[] { "Comparison", "Quotes", "Review" }, sheets.Select(s => s.GetProperty("name").GetString()));
        var cells = sheets[0].GetProperty("cells");
        Assert.Equal("Vendor X: unit price", cells.GetProperty("F3").GetProperty("value").GetString());
        Assert.Equal("Vendor Y: unit price", cells.GetProperty("I3").GetProperty("value").GetString());
        Assert.Equal(5.0, cells.GetProperty("F4").GetProperty("value").GetDouble());
        Assert.Equal("n", cells.GetProperty("F4").GetProperty("type").GetString());
        Assert.Equal(4.0, cells.GetProperty("I4").GetProperty("value").GetDouble());
        Assert.Equal("not quoted", cells.GetProperty("F6").GetProperty("value").GetString());
        Assert.Equal("F4", sheets[0].GetProperty("freeze").GetString());
        Assert.Equal(2, cells.GetProperty("F8").GetProperty("value").GetInt32());
        Assert.Equal(3, cells.GetProperty("I8").GetProperty("value").GetInt32());
        Assert.Equal(4 * 10 + 2.5 * 4 + 1 * 2, cells.GetProperty("I10").GetProperty("value").GetDouble(), 6);
        Assert.Equal("EUR", cells.GetProperty("J10").GetProperty("value").GetString());
        var review = sheets[2].GetProperty("cells");
        Assert.Equal("Vendor W", review.GetProperty("A2").GetProperty("value").GetString());
        Assert.Contains("Quote!F9", review.GetProperty("E2").GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Equal(6, sheets[1].GetProperty("cells").EnumerateObject().Count(p => p.Name.StartsWith('C') && p.Name != "C1"));
    }
}
