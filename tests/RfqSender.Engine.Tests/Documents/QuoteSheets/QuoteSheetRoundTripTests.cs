using System.Text;
using RfqSender.Engine.Documents.QuoteSheets;

namespace RfqSender.Engine.Tests.Documents.QuoteSheets;

/// <summary>Sheets filled as vendors fill them (openpyxl for XLSX, text edits for CSV) and read back.</summary>
public sealed class QuoteSheetRoundTripTests : IDisposable
{
    private readonly QuoteSheetFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_sheet_read_back_untouched_has_every_line_unquoted()
    {
        foreach (var format in new[] { QuoteSheetFormat.Xlsx, QuoteSheetFormat.Csv })
        {
            var result = _fixture.Read(_fixture.Sheet(format));

            Assert.Empty(result.Errors);
            Assert.Equal(format, result.Format);
            Assert.Equal("ACME", result.Reference!.VendorKey);
            Assert.Equal(new[] { "CU-3x2.5", "CU-4x16", "=CU-5x10" }, result.Lines.Select(l => l.Part));
            Assert.Equal(new[] { 40m, 850.5m, 3m }, result.Lines.Select(l => l.Quantity));
            Assert.All(result.Lines, l => Assert.False(l.IsQuoted));
        }
    }

    [SkippableFact]
    public void A_workbook_filled_with_numbers_and_dates_reads_back()
    {
        OpenpyxlWorkbook.Require();
        var filled = OpenpyxlWorkbook.Edit(
            _fixture.Sheet(),
            _fixture.NewPath(),
            new { op = "set", cell = "F9", value = (object)12.35 },
            new { op = "set", cell = "G9", value = (object)"eur" },
            new { op = "set", cell = "H9", value = (object)14 },
            new { op = "set", cell = "I9", date = "2027-03-31" },
            new { op = "set", cell = "J9", value = (object)"Drums returnable" },
            new { op = "set", cell = "F10", value = (object)0.1234 },
            new { op = "set", cell = "G10", value = (object)"USD" },
            new { op = "set", cell = "J11", value = (object)"Not available" });

        var result = _fixture.Read(filled);

        Assert.Empty(result.Errors);
        Assert.False(result.NeedsReview);
        Assert.Equal("RFQ-2026-114", result.Reference!.RfqNumber);
        Assert.Equal("Quote", result.Sheet);
        var first = result.Lines[0];
        Assert.Equal((1, "CU-3x2.5", 40m, "drum"), (first.Line, first.Part, first.Quantity, first.Unit));
        Assert.Equal(12.35m, first.UnitPrice);
        Assert.Equal("EUR", first.Currency);
        Assert.Equal(14, first.LeadTimeDays);
        Assert.Equal(new DateTime(2027, 3, 31), first.ValidUntil);
        Assert.Equal("Drums returnable", first.Remarks);
        Assert.Equal((0.1234m, "USD", (int?)null, (DateTime?)null, (string?)null), (result.Lines[1].UnitPrice, result.Lines[1].Currency, result.Lines[1].LeadTimeDays, result.Lines[1].ValidUntil, result.Lines[1].Remarks));
        Assert.False(result.Lines[2].IsQuoted);
        Assert.Equal("Not available", result.Lines[2].Remarks);
    }

    [SkippableFact]
    public void Text_typed_into_typed_cells_reads_where_it_has_one_meaning()
    {
        OpenpyxlWorkbook.Require();
        var filled = OpenpyxlWorkbook.Edit(
            _fixture.Sheet(),
            _fixture.NewPath(),
            new { op = "set", cell = "F9", value = (object)"1.234,50", number_format = "@" },
            new { op = "set", cell = "G9", value = (object)"EUR" },
            new { op = "set", cell = "H9", value = (object)"21", number_format = "@" },
            new { op = "set", cell = "I9", value = (object)"31.03.2027", number_format = "@" });

        var line = Assert.Single(_fixture.Read(filled).Lines, l => l.IsQuoted);

        Assert.Equal((1234.50m, 21, new DateTime(2027, 3, 31)), (line.UnitPrice!.Value, line.LeadTimeDays!.Value, line.ValidUntil!.Value));
    }

    [SkippableFact]
    public void A_workbook_restyled_renamed_and_without_its_hidden_sheet_still_reads()
    {
        OpenpyxlWorkbook.Require();
        var filled = OpenpyxlWorkbook.Edit(
            _fixture.Sheet(),
            _fixture.NewPath(),
            new { op = "set", cell = "F9", value = (object)7, number_format = "#,##0.00 [$€-407]" },
            new { op = "set", cell = "G9", value = (object)"EUR" },
            new { op = "set", cell = "I9", date = "2027-01-15", number_format = "dd/mm/yyyy" },
            new { op = "format", cell = "D9", number_format = "0.000" },
            new { op = "delete_sheet", sheet = "RfqSender" },
            new { op = "rename_sheet", name = "Angebot" });

        var result = _fixture.Read(filled);

        Assert.Empty(result.Errors);
        Assert.Equal("Angebot", result.Sheet);
        Assert.Equal((7m, new DateTime(2027, 1, 15)), (result.Lines[0].UnitPrice!.Value, result.Lines[0].ValidUntil!.Value));
    }

    [SkippableFact]
    public void A_workbook_shaped_as_excel_saves_it_reads_back()
    {
        OpenpyxlWorkbook.Require();
        var filled = OpenpyxlWorkbook.EditExcelLike(
            _fixture.Sheet(),
            _fixture.NewPath(),
            new Dictionary<string, string> { ["F9"] = "6", ["F10"] = "12.300000000000001" },
            "CU-4x16",
            new { op = "set", cell = "F9", formula = "=2*3" },
            new { op = "set", cell = "G9", value = (object)"EUR" },
            new { op = "set", cell = "F10", formula = "=4.1*3" },
            new { op = "set", cell = "G10", value = (object)"EUR" },
            new { op = "set", cell = "I10", date = "2027-06-30" });

        var result = _fixture.Read(filled);

        Assert.Empty(result.Errors);
        Assert.Equal(6m, result.Lines[0].UnitPrice);
        Assert.Equal(("CU-4x16", 12.3m, new DateTime(2027, 6, 30)), (result.Lines[1].Part, result.Lines[1].UnitPrice!.Value, result.Lines[1].ValidUntil!.Value));
    }

    [SkippableFact]
    public void Dates_of_a_workbook_counting_from_1904_read_as_the_same_days()
    {
        OpenpyxlWorkbook.Require();
        var filled = OpenpyxlWorkbook.Edit(
            _fixture.Sheet(),
            _fixture.NewPath(),
            new { op = "epoch_1904" },
            new { op = "set", cell = "F9", value = (object)3 },
            new { op = "set", cell = "G9", value = (object)"EUR" },
            new { op = "set", cell = "I9", date = "2027-03-31" });

        Assert.Equal(new DateTime(2027, 3, 31), _fixture.Read(filled).Lines[0].ValidUntil);
    }

    [Fact]
    public void Without_an_expected_vendor_the_reference_names_the_vendor()
    {
        var result = _fixture.Read(_fixture.Sheet(vendorKey: "BETA"), vendorKey: null);

        Assert.Empty(result.Errors);
        Assert.Equal("BETA", result.Reference!.VendorKey);
        Assert.Equal("beta", _fixture.Read(_fixture.Sheet(vendorKey: "beta"), vendorKey: "BETA").Reference!.VendorKey);
    }

    [SkippableFact]
    public void A_sheet_copied_into_a_new_workbook_reads_by_its_visible_reference()
    {
        OpenpyxlWorkbook.Require();
        var reference = QuoteSheetReference.Create(_fixture.Rfq.Number, "ACME", QuoteSheetFixture.Secret).Text;
        var ops = new List<object> { new { op = "rename_sheet", name = "Sheet" } };
        string[] headers = { "Line", "Part", "Description", "Quantity", "Unit", "Unit price", "Currency", "Lead time (days)", "Valid until", "Remarks" };
        ops.Add(new { op = "set", sheet = "Sheet", cell = "B6", value = (object)reference });
        ops.AddRange(headers.Select((h, i) => (object)new { op = "set", sheet = "Sheet", cell = (char)('A' + i) + "8", value = (object)h }));
        for (var i = 0; i < _fixture.Rfq.Items.Count; i++)
        {
            var item = _fixture.Rfq.Items[i];
            var row = 9 + i;
            ops.Add(new { op = "set", sheet = "Sheet", cell = "A" + row, value = (object)(i + 1) });
            ops.Add(new { op = "set", sheet = "Sheet", cell = "B" + row, value = (object)item.Part, as_text = true });
            ops.Add(new { op = "set", sheet = "Sheet", cell = "C" + row, value = (object)item.Description });
            ops.Add(new { op = "set", sheet = "Sheet", cell = "D" + row, value = (object)(double)item.Quantity });
            ops.Add(new { op = "set", sheet = "Sheet", cell = "E" + row, value = (object?)(item.Unit.Length == 0 ? null : item.Unit) });
        }

        ops.Add(new { op = "set", sheet = "Sheet", cell = "F10", value = (object)99.9 });
        ops.Add(new { op = "set", sheet = "Sheet", cell = "G10", value = (object)"CHF" });
        var result = _fixture.Read(OpenpyxlWorkbook.Edit(null, _fixture.NewPath(), ops.ToArray()));

        Assert.Empty(result.Errors);
        Assert.Equal("Sheet", result.Sheet);
        Assert.Equal((99.9m, "CHF"), (result.Lines[1].UnitPrice!.Value, result.Lines[1].Currency));
    }

    [Fact]
    public void A_csv_filled_as_written_reads_back()
    {
        var csv = Csv(_fixture.Sheet(QuoteSheetFormat.Csv));
        csv = csv.Replace("1,CU-3x2.5,\"NYM-J 3x2.5 mm², 100 m drums\",40,drum,,,,,", "1,CU-3x2.5,\"NYM-J 3x2.5 mm², 100 m drums\",40,drum,12.50,EUR,10,2027-03-31,\"ok, from stock\"");
        var result = _fixture.Read(_fixture.Folder.Write("filled.csv", Encoding.UTF8.GetBytes(csv)));

        Assert.Empty(result.Errors);
        Assert.Equal(QuoteSheetFormat.Csv, result.Format);
        Assert.Equal("filled.csv", result.Sheet);
        var line = result.Lines[0];
        Assert.Equal((12.50m, "EUR", 10, new DateTime(2027, 3, 31), "ok, from stock"), (line.UnitPrice!.Value, line.Currency, line.LeadTimeDays!.Value, line.ValidUntil!.Value, line.Remarks));
        Assert.Equal("=CU-5x10", result.Lines[2].Part);
    }

    [Fact]
    public void A_csv_resaved_by_a_german_spreadsheet_reads_back()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var rows = Csv(_fixture.Sheet(QuoteSheetFormat.Csv)).Split("\r\n");
        var faithful = string.Join("\r\n", rows.Select(r => ToSemicolons(r)))
            .Replace("850.5;m;;;;;", "850,5;m;1.234,56;EUR;30;15.01.2027;");
        var read = _fixture.Read(_fixture.Folder.Write("angebot2.csv", Encoding.GetEncoding(1252).GetBytes(faithful)));

        Assert.Empty(read.Errors);
        Assert.Equal((1234.56m, 30, new DateTime(2027, 1, 15)), (read.Lines[1].UnitPrice!.Value, read.Lines[1].LeadTimeDays!.Value, read.Lines[1].ValidUntil!.Value));
    }

    private static string Csv(string path) => Encoding.UTF8.GetString(File.ReadAllBytes(path)).TrimStart('\uFEFF');

    /// <summary>A row with its delimiters (commas outside quotes) made semicolons, as a German Excel saves.</summary>
    private static string ToSemicolons(string row)
    {
        var sb = new StringBuilder();
        var quoted = false;
        foreach (var c in row)
        {
            quoted ^= c == '"';
            sb.Append(c == ',' && !quoted ? ';' : c);
        }

        return sb.ToString();
    }
}
