using System.Text;
using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Rfqs;

namespace RfqSender.Engine.Tests.Documents.QuoteSheets;

/// <summary>
/// Damaged sheets and the errors they must give, cell by cell: each made from a fresh sheet of the
/// fixture's RFQ (for vendor ACME unless said) by openpyxl, as a vendor's spreadsheet program would
/// alter it, and read back as ACME's. Every case lists all its errors, in order: sheet!cell and a
/// part of what was found.
/// </summary>
public sealed class QuoteSheetDamageCorpusTests : IDisposable
{
    private static readonly object Eur = new { op = "set", cell = "G9", value = (object)"EUR" };

    private static readonly Dictionary<string, (string Vendor, string? Number, object[] Ops, string[] Errors)> Workbooks = new()
    {
        ["text in a price cell"] = ("ACME", null, new[] { Set("F9", "twelve"), Eur }, new[] { "Quote!F9 'twelve' is not a number" }),
        ["a negative price"] = ("ACME", null, new[] { Set("F9", -5), Eur }, new[] { "Quote!F9 the negative price -5" }),
        ["an ambiguous price text"] = ("ACME", null, new[] { Set("F9", "1,250", "@"), Eur }, new[] { "Quote!F9 could be read as 1250 or as 1.250" }),
        ["a formula without a value"] = ("ACME", null, new[] { new { op = "set", cell = "F9", formula = "=2*3" }, Eur }, new[] { "Quote!F9 the formula =2*3 without a calculated value" }),
        ["an error value"] = ("ACME", null, new[] { Set("F9", "#N/A"), Eur }, new[] { "Quote!F9 the error value #N/A" }),
        ["a truth value"] = ("ACME", null, new[] { Set("F9", true), Eur }, new[] { "Quote!F9 the truth value TRUE" }),
        ["a date in a price cell"] = ("ACME", null, new[] { new { op = "set", cell = "F9", date = "2027-01-01" }, Eur }, new[] { "Quote!F9 the date 2027-01-01" }),
        ["a part changed"] = ("ACME", null, new[] { Set("B9", "CU-3x2.5-ALT") }, new[] { "Quote!B9 the text 'CU-3x2.5-ALT': the part was changed" }),
        ["a quantity changed"] = ("ACME", null, new[] { Set("D9", 41) }, new[] { "Quote!D9 the number 41" }),
        ["rows swapped"] = ("ACME", null, new[] { new { op = "swap_rows", row = 9, other = 10 } }, new[]
        {
            "Quote!B9 the part of line 2 (row 10): rows were moved",
            "Quote!B10 the part of line 1 (row 9): rows were moved",
        }),
        ["a row deleted"] = ("ACME", null, new[] { new { op = "delete_rows", row = 10, count = 1 } }, new[]
        {
            "Quote!B10 the part of line 3 (row 11)",
            "Quote!B11 the row was deleted or emptied",
        }),
        ["a row inserted"] = ("ACME", null, new[] { new { op = "insert_rows", row = 10, count = 1 } }, new[]
        {
            "Quote!B10 the row was deleted or emptied",
            "Quote!B11 the part of line 2 (row 10)",
            "Quote!A12 rows were added, or moved down",
        }),
        ["a row added below"] = ("ACME", null, new[] { Set("A12", 4), Set("B12", "EXTRA"), Set("F12", 5) }, new[] { "Quote!A12 the number 4: rows were added" }),
        ["a column added"] = ("ACME", null, new[] { Set("K9", "see attached") }, new[] { "Quote!K9 the text 'see attached': write remarks in column J" }),
        ["a heading renamed"] = ("ACME", null, new[] { Set("F8", "Price") }, new[] { "Quote!F8 the text 'Price'" }),
        ["a row inserted above the table"] = ("ACME", null, new[] { new { op = "insert_rows", row = 1, count = 1 } }, new[]
        {
            "Quote!B6 the text 'ACME', which is not a quote sheet reference",
            "RfqSender!A1 the visible reference was changed",
        }.Concat("ABCDEFGHIJ".Select(c => $"Quote!{c}8 (the headings are in row 9: rows were added or deleted above them)")).ToArray()),
        ["a currency missing"] = ("ACME", null, new[] { Set("F9", 12.5) }, new[] { "Quote!G9 an empty cell" }),
        ["a currency without a price"] = ("ACME", null, new[] { Eur }, new[] { "Quote!F9 an empty cell" }),
        ["a currency that is no code"] = ("ACME", null, new[] { Set("F9", 1), Set("G9", "Euro") }, new[] { "Quote!G9 the text 'Euro'" }),
        ["a lead time of a fraction"] = ("ACME", null, new[] { Set("F9", 1), Eur, Set("H9", 2.5) }, new[] { "Quote!H9 the number 2.5" }),
        ["a date as a plain number"] = ("ACME", null, new[] { Set("F9", 1), Eur, Set("I9", 46000, "General") }, new[] { "Quote!I9 the number 46000 in a cell not formatted as a date" }),
        ["an ambiguous date text"] = ("ACME", null, new[] { Set("F9", 1), Eur, Set("I9", "03/04/2027", "@") }, new[] { "Quote!I9 could be 2027-04-03 or 2027-03-04" }),
        ["another vendor's sheet"] = ("BETA", null, Array.Empty<object>(), new[] { "Quote!B6 the reference of vendor 'BETA': this sheet was made for another vendor" }),
        ["another RFQ's sheet"] = ("ACME", "RFQ-2026-999", Array.Empty<object>(), new[] { "Quote!B6 a reference to RFQ RFQ-2026-999: this is the sheet of another RFQ" }),
        ["a reference edited to name another vendor"] = ("BETA", null, new[] { Forged("B6"), Forged("A1", "RfqSender") }, new[] { "Quote!B6 which does not verify" }),
        ["a reference deleted"] = ("ACME", null, new[] { Set("B6", null) }, new[]
        {
            "Quote!B6 an empty cell: the reference is missing",
            "RfqSender!A1 the visible reference was changed",
        }),
        ["the visible reference replaced, the hidden one left"] = ("ACME", null, new[] { Forged("B6") }, new[]
        {
            "Quote!B6 which does not verify",
            "RfqSender!A1 the visible reference was changed",
        }),
    };

    private static readonly Dictionary<string, (Func<string, string> Edit, string[] Errors)> CsvSheets = new()
    {
        ["csv: an ambiguous price"] = (csv => csv.Replace("40,drum,,", "40,drum,\"1,250\",EUR"), new[] { "x.csv!F9 could be read as 1250 or as 1.250" }),
        ["csv: a price with a currency sign"] = (csv => csv.Replace("40,drum,,", "40,drum,€12,EUR"), new[] { "x.csv!F9 '€12' is not a number" }),
        ["csv: rows swapped"] = (csv => Swap(csv, 8, 9), new[] { "x.csv!B9 the part of line 2 (row 10)", "x.csv!B10 the part of line 1 (row 9)" }),
        ["csv: a row deleted"] = (csv => string.Join("\r\n", csv.Split("\r\n").Where((_, i) => i != 9)), new[] { "x.csv!B10 the part of line 3 (row 11)", "x.csv!B11 the row was deleted or emptied" }),
        ["csv: the reference edited"] = (csv => csv.Replace("/ACME/", "/BETA/"), new[] { "x.csv!B6 which does not verify" }),
        ["csv: an ambiguous date"] = (csv => csv.Replace("40,drum,,,,", "40,drum,5,EUR,,04/03/2027"), new[] { "x.csv!I9 could be 2027-03-04 or 2027-04-03" }),
        ["csv: not a quote sheet"] = (_ => "Name,Email\r\nAcme,sales@acme.example\r\n", new[] { "x.csv the CSV does not begin with the cell 'RFQ'" }),
        ["csv: an unclosed quote"] = (csv => csv.Replace(",3,,,,,,\r\n", ",3,,\"12,,,,\r\n"), new[] { "x.csv a quoted value that starts on line 11 (row 11) is never closed" }),
    };

    private readonly QuoteSheetFixture _fixture = new();

    public static IEnumerable<object[]> WorkbookCases => Workbooks.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> CsvCases => CsvSheets.Keys.Select(k => new object[] { k });

    public void Dispose() => _fixture.Dispose();

    [SkippableTheory]
    [MemberData(nameof(WorkbookCases))]
    public void A_damaged_workbook_gives_its_errors(string name)
    {
        OpenpyxlWorkbook.Require();
        var (vendor, number, ops, errors) = Workbooks[name];
        var rfq = number is null ? null : WithNumber(_fixture.Rfq, number);
        var sheet = OpenpyxlWorkbook.Edit(_fixture.Sheet(vendorKey: vendor, rfq: rfq), _fixture.NewPath(), ops);

        AssertErrors(errors, _fixture.Read(sheet, "ACME"));
    }

    [Theory]
    [MemberData(nameof(CsvCases))]
    public void A_damaged_csv_gives_its_errors(string name)
    {
        var (edit, errors) = CsvSheets[name];
        var csv = Encoding.UTF8.GetString(File.ReadAllBytes(_fixture.Sheet(QuoteSheetFormat.Csv)));
        var path = _fixture.Folder.Write("x.csv", Encoding.UTF8.GetBytes(edit(csv)));

        AssertErrors(errors, _fixture.Read(path, "ACME"));
    }

    [Fact]
    public void What_is_not_a_workbook_is_one_error_about_the_file()
    {
        var path = _fixture.Folder.Write("broken.xlsx", new byte[] { (byte)'P', (byte)'K', 3, 4, 1, 2, 3 });

        var result = _fixture.Read(path);

        var error = Assert.Single(result.Errors);
        Assert.Null(error.Cell);
        Assert.Equal("an XLSX quote sheet", error.Expected);
        Assert.StartsWith("the file is not a readable XLSX workbook", error.Found, StringComparison.Ordinal);
        Assert.Empty(result.Lines);
    }

    [SkippableFact]
    public void A_workbook_of_several_sheets_none_named_quote_is_one_error_about_the_file()
    {
        OpenpyxlWorkbook.Require();
        var sheet = OpenpyxlWorkbook.Edit(_fixture.Sheet(), _fixture.NewPath(), new { op = "rename_sheet", name = "Angebot" }, new { op = "new_sheet", name = "Notes" });

        var error = Assert.Single(_fixture.Read(sheet).Errors);

        Assert.Null(error.Cell);
        Assert.Contains("no sheet named 'Quote' and 2 visible worksheets ('Angebot', 'Notes')", error.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sheet_with_errors_yields_no_lines_and_names_each_cell()
    {
        var csv = Encoding.UTF8.GetString(File.ReadAllBytes(_fixture.Sheet(QuoteSheetFormat.Csv)));
        var path = _fixture.Folder.Write("q.csv", Encoding.UTF8.GetBytes(csv.Replace("40,drum,,", "40,drum,-1,EUR")));

        var result = _fixture.Read(path);

        Assert.True(result.NeedsReview);
        Assert.Empty(result.Lines);
        Assert.NotNull(result.Reference);
        Assert.Equal("q.csv!F9: expected a unit price: a number, 0 or more; found the negative price -1", Assert.Single(result.Errors).ToString());
    }

    private static void AssertErrors(string[] expected, QuoteSheetReadResult result)
    {
        var found = result.Errors.Select(e => (e.Cell is null ? e.Sheet : e.Sheet + "!" + e.Cell) + " " + e.Found).ToList();
        Assert.True(expected.Length == found.Count, "expected:\n" + string.Join("\n", expected) + "\nfound:\n" + string.Join("\n", found));
        for (var i = 0; i < expected.Length; i++)
        {
            var place = expected[i].Substring(0, expected[i].IndexOf(' '));
            Assert.StartsWith(place + " ", found[i], StringComparison.Ordinal);
            Assert.Contains(expected[i].Substring(place.Length + 1), found[i], StringComparison.Ordinal);
        }

        Assert.True(result.NeedsReview);
        Assert.Empty(result.Lines);
    }

    private static object Set(string cell, object? value, string? format = null) =>
        format is null ? new { op = "set", cell, value } : new { op = "set", cell, value, number_format = format };

    private static object Forged(string cell, string sheet = "Quote") =>
        new { op = "set", sheet, cell, value = QuoteSheetReference.Create("RFQ-2026-114", "BETA", QuoteSheetFixture.Secret).Text.Replace("/BETA/", "/ACME/") };

    private static string Swap(string csv, int a, int b)
    {
        var lines = csv.Split("\r\n");
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join("\r\n", lines);
    }

    private static Rfq WithNumber(Rfq rfq, string number) =>
        new(number, rfq.Title, rfq.DueDate, rfq.From, rfq.ReplyTo, rfq.SubjectTemplate, rfq.BodyTextTemplate, rfq.BodyHtmlTemplate, rfq.Items, rfq.Attachments);
}
