using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using RfqSender.Engine.Documents.QuoteSheets;

namespace RfqSender.Engine.Tests.Documents.QuoteSheets;

public sealed class QuoteSheetWriterTests : IDisposable
{
    private readonly QuoteSheetFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData(QuoteSheetFormat.Xlsx)]
    [InlineData(QuoteSheetFormat.Csv)]
    public void The_same_input_makes_the_same_bytes(QuoteSheetFormat format)
    {
        var first = _fixture.Writer.Create(_fixture.Rfq, "ACME", "Acme Kabel GmbH", format);
        Thread.Sleep(2100);
        var second = new QuoteSheetWriter(QuoteSheetFixture.Secret).Create(_fixture.Rfq, "ACME", "Acme Kabel GmbH", format);

        Assert.Equal(first, second);
        Assert.NotEqual(first, _fixture.Writer.Create(_fixture.Rfq, "BETA", "Acme Kabel GmbH", format));
    }

    [Fact]
    public void The_workbook_is_valid_against_the_office_schemas()
    {
        using var stream = new MemoryStream(_fixture.Writer.Create(_fixture.Rfq, "ACME", "Acme Kabel GmbH", QuoteSheetFormat.Xlsx));
        using var document = SpreadsheetDocument.Open(stream, false);

        var errors = new OpenXmlValidator(FileFormatVersions.Office2007).Validate(document)
            .Select(e => e.Part?.Uri + " " + e.Path?.XPath + ": " + e.Description)
            .ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void The_csv_has_the_rows_and_columns_of_the_workbook_with_formulas_defused()
    {
        var bytes = _fixture.Writer.Create(_fixture.Rfq, "ACME", "Acme Kabel GmbH", QuoteSheetFormat.Csv);
        var reference = QuoteSheetReference.Create("RFQ-2026-114", "ACME", QuoteSheetFixture.Secret).Text;

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3).ToArray());
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.Equal(
            new[]
            {
                "RFQ,RFQ-2026-114",
                "Title,\"Copper cable, 3 lots\"",
                "Due date,2026-12-15 17:00 +01:00",
                "Vendor,Acme Kabel GmbH",
                "Vendor key,ACME",
                "Reference," + reference,
                "\"Fill in the yellow columns: unit price, currency (such as EUR), lead time in days, valid until (a date), remarks. Leave the price empty for an item you do not quote. Do not move, add or delete rows.\"",
                "Line,Part,Description,Quantity,Unit,Unit price,Currency,Lead time (days),Valid until,Remarks",
                "1,CU-3x2.5,\"NYM-J 3x2.5 mm², 100 m drums\",40,drum,,,,,",
                "2,CU-4x16,\"NYY-J 4x16 mm², \"\"cut\"\" to length\",850.5,m,,,,,",
                "3,'=CU-5x10,\"Ends with a space \",3,,,,,,",
                string.Empty,
            },
            lines);
    }

    [SkippableFact]
    public void Openpyxl_reads_the_workbook_as_it_was_meant()
    {
        OpenpyxlWorkbook.Require();
        var book = OpenpyxlWorkbook.Describe(_fixture.Sheet());
        var sheets = book.GetProperty("sheets").EnumerateArray().ToList();

        Assert.Equal(new[] { "Quote", "RfqSender" }, sheets.Select(s => s.GetProperty("name").GetString()));
        var quote = sheets[0];
        Assert.Equal("visible", quote.GetProperty("state").GetString());
        Assert.Equal("hidden", sheets[1].GetProperty("state").GetString());
        Assert.Equal("A9", quote.GetProperty("freeze").GetString());
        Assert.True(quote.GetProperty("protected").GetBoolean());

        var cells = quote.GetProperty("cells");
        string Text(string address) => cells.GetProperty(address).GetProperty("value").GetString()!;
        Assert.Equal("RFQ-2026-114", Text("B1"));
        Assert.Equal("Copper cable, 3 lots", Text("B2"));
        Assert.Equal("2026-12-15 17:00 +01:00", Text("B3"));
        Assert.Equal("Acme Kabel GmbH", Text("B4"));
        Assert.Equal("ACME", Text("B5"));
        var reference = QuoteSheetReference.Create("RFQ-2026-114", "ACME", QuoteSheetFixture.Secret).Text;
        Assert.Equal(reference, Text("B6"));
        Assert.Equal(reference, sheets[1].GetProperty("cells").GetProperty("A1").GetProperty("value").GetString());
        Assert.Equal(new[] { "Line", "Part", "Description", "Quantity", "Unit", "Unit price", "Currency", "Lead time (days)", "Valid until", "Remarks" }, "ABCDEFGHIJ".Select(c => Text(c + "8")));
        Assert.Equal("CU-4x16", Text("B10"));
        Assert.Equal("NYY-J 4x16 mm², \"cut\" to length", Text("C10"));
        Assert.Equal("=CU-5x10", Text("B11"));
        Assert.Equal("s", cells.GetProperty("B11").GetProperty("type").GetString());
        Assert.Equal(850.5, cells.GetProperty("D10").GetProperty("value").GetDouble());
        Assert.Equal("n", cells.GetProperty("D10").GetProperty("type").GetString());
        Assert.Equal(2, cells.GetProperty("A10").GetProperty("value").GetInt32());
        Assert.True(cells.GetProperty("B10").GetProperty("locked").GetBoolean());

        var inputs = quote.GetProperty("inputs");
        Assert.All(new[] { "F9", "G9", "H9", "I9", "J9" }, a => Assert.False(inputs.GetProperty(a).GetProperty("locked").GetBoolean()));
        Assert.Equal("#,##0.00##", inputs.GetProperty("F9").GetProperty("format").GetString());
        Assert.Equal("@", inputs.GetProperty("G9").GetProperty("format").GetString());
        Assert.Equal("0", inputs.GetProperty("H9").GetProperty("format").GetString());
        Assert.Equal("yyyy\\-mm\\-dd", inputs.GetProperty("I9").GetProperty("format").GetString());

        var validations = quote.GetProperty("validations").EnumerateArray()
            .Select(v => (v.GetProperty("sqref").GetString(), v.GetProperty("type").GetString(), v.GetProperty("formula1").GetString()))
            .ToList();
        Assert.Equal(
            new (string?, string?, string?)[] { ("F9:F11", "decimal", "0"), ("G9:G11", "textLength", "3"), ("H9:H11", "whole", "0"), ("I9:I11", "date", "36526") },
            validations);
    }

    [Fact]
    public void A_short_secret_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new QuoteSheetWriter(new byte[8]));
        Assert.Throws<ArgumentException>(() => new QuoteSheetReader(new byte[8]));
    }

    [Fact]
    public void The_file_name_is_the_rfq_number()
    {
        Assert.Equal("RFQ-2026-114 quote.xlsx", QuoteSheetWriter.FileName(_fixture.Rfq, QuoteSheetFormat.Xlsx));
        Assert.Equal("RFQ-2026-114 quote.csv", QuoteSheetWriter.FileName(_fixture.Rfq, QuoteSheetFormat.Csv));
    }
}
