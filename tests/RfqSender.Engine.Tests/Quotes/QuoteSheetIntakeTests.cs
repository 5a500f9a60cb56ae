using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Quotes;
using RfqSender.Engine.Tests.Documents.QuoteSheets;

namespace RfqSender.Engine.Tests.Quotes;

/// <summary>Which attachments of a reply are returned quote sheets, and what they become: accepted lines, or a case for review.</summary>
public sealed class QuoteSheetIntakeTests : IDisposable
{
    private readonly QuoteSheetFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [SkippableFact]
    public void A_filled_sheet_of_the_vendor_is_accepted_with_its_lines_and_hash()
    {
        OpenpyxlWorkbook.Require();
        var filled = OpenpyxlWorkbook.Edit(
            _fixture.Sheet(),
            _fixture.NewPath(),
            new { op = "set", cell = "F9", value = 12.5 },
            new { op = "set", cell = "G9", value = "EUR" },
            new { op = "set", cell = "H9", value = 14 },
            new { op = "set", cell = "F10", value = 3.2 },
            new { op = "set", cell = "G10", value = "eur" });

        var quote = QuoteSheetIntake.Read(_fixture.Reader, _fixture.Rfq, "ACME", "Angebot ausgefüllt.xlsx", File.ReadAllBytes(filled));

        Assert.NotNull(quote);
        Assert.Equal(QuoteStatus.Accepted, quote!.Status);
        Assert.Equal(3, quote.Lines.Count);
        Assert.Equal(2, quote.Quoted);
        Assert.Equal(12.5m, quote.Lines[0].UnitPrice);
        Assert.Empty(quote.Problems);
        Assert.Equal(64, quote.Sha256.Length);
    }

    [Fact]
    public void Another_vendors_sheet_is_kept_for_review_with_the_cell_named()
    {
        var bytes = File.ReadAllBytes(_fixture.Sheet(QuoteSheetFormat.Csv, vendorKey: "OTHER", vendorName: "Other GmbH"));

        var quote = QuoteSheetIntake.Read(_fixture.Reader, _fixture.Rfq, "ACME", "whatever.csv", bytes);

        Assert.NotNull(quote);
        Assert.Equal(QuoteStatus.NeedsReview, quote!.Status);
        Assert.Empty(quote.Lines);
        Assert.Contains(quote.Problems, p => p.Contains("B6", StringComparison.Ordinal) && p.Contains("another vendor", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pdf_and_a_vendors_own_price_list_are_no_quote_sheets_but_a_damaged_sheet_named_as_ours_is()
    {
        var ownList = System.Text.Encoding.UTF8.GetBytes("Article,Price\r\nCU-3x2.5,12.00\r\n");

        Assert.Null(QuoteSheetIntake.Read(_fixture.Reader, _fixture.Rfq, "ACME", "Quotation.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46 }));
        Assert.Null(QuoteSheetIntake.Read(_fixture.Reader, _fixture.Rfq, "ACME", "pricelist.csv", ownList));
        var named = QuoteSheetIntake.Read(_fixture.Reader, _fixture.Rfq, "ACME", QuoteSheetWriter.FileName(_fixture.Rfq, QuoteSheetFormat.Csv), ownList);
        Assert.Equal(QuoteStatus.NeedsReview, named!.Status);
        Assert.NotEmpty(named.Problems);
    }
}
