using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using RfqSender.Engine.Documents.QuoteSheets;

namespace RfqSender.Engine.Quotes;

/// <summary>
/// Writes a <see cref="QuoteComparison"/> as a workbook a buyer sorts and filters: <c>Comparison</c> (an item per
/// row, three columns per vendor: unit price, currency, lead time; the lowest price of each item in its currency
/// bold on green, a missing quote as "not quoted" on grey, totals per vendor below), <c>Quotes</c> (one row per
/// vendor and item, for filters and pivots) and <c>Review</c> (the sheets that wait for a buyer, each problem on
/// a row). Numbers are numbers and dates are dates, so the sheet computes with them.
/// </summary>
public static class QuoteComparisonXlsxWriter
{
    private const uint Plain = 0, Bold = 1, Header = 2, Price = 3, Lowest = 4, Missing = 5, Date = 6, Wrap = 7;

    /// <summary>Writes the workbook.</summary>
    public static void Write(QuoteComparison comparison, Stream output)
    {
        if (comparison is null || output is null)
        {
            throw new ArgumentNullException(comparison is null ? nameof(comparison) : nameof(output));
        }

        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = new Sheets();
            uint id = 1;
            foreach (var (name, data, columns, freeze) in new[] { ("Comparison", ComparisonSheet(comparison), ComparisonColumns(comparison), "F4"), ("Quotes", QuotesSheet(comparison), Widths(10, 28, 8, 18, 36, 12, 8, 14, 10, 12, 14, 8, 40), "A2"), ("Review", ReviewSheet(comparison), Widths(28, 12, 30, 20, 100), "A2") })
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var pane = new Pane { TopLeftCell = freeze, State = PaneStateValues.Frozen, ActivePane = PaneValues.BottomRight };
                var reference = CellAddress(freeze);
                if (reference.Column > 1)
                {
                    pane.HorizontalSplit = reference.Column - 1;
                }

                if (reference.Row > 1)
                {
                    pane.VerticalSplit = reference.Row - 1;
                }

                if (reference.Column == 1)
                {
                    pane.ActivePane = PaneValues.BottomLeft;
                }

                part.Worksheet = new Worksheet(new SheetViews(new SheetView(pane) { WorkbookViewId = 0U }), columns, data);
                sheets.Append(new Sheet { Name = name, SheetId = id, Id = workbook.GetIdOfPart(part) });
                id++;
            }

            workbook.Workbook = new Workbook(sheets);
        }

        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static SheetData ComparisonSheet(QuoteComparison c)
    {
        var data = new SheetData();
        data.Append(RowOf(1, Text(1, 1, $"RFQ {c.RfqNumber}: {c.Title}: quote comparison", Bold)));
        var note = c.Currencies.Count > 1
            ? $"Prices in {string.Join(", ", c.Currencies)} are not converted: the lowest price of an item is marked in each currency."
            : "The lowest unit price of each item is bold on green; a missing quote reads 'not quoted'.";
        data.Append(RowOf(2, Text(2, 1, note, Plain)));
        var header = new List<Cell> { Text(3, 1, "Line", Header), Text(3, 2, "Part", Header), Text(3, 3, "Description", Header), Text(3, 4, "Quantity", Header), Text(3, 5, "Unit", Header) };
        for (var v = 0; v < c.Vendors.Count; v++)
        {
            var name = c.Vendors[v].VendorName.Length > 0 ? c.Vendors[v].VendorName : c.Vendors[v].VendorKey;
            header.Add(Text(3, 6 + (v * 3), name + ": unit price", Header));
            header.Add(Text(3, 7 + (v * 3), "Currency", Header));
            header.Add(Text(3, 8 + (v * 3), "Lead time (days)", Header));
        }

        data.Append(RowOf(3, header.ToArray()));
        uint row = 4;
        foreach (var item in c.Items)
        {
            var cells = new List<Cell> { Number(row, 1, item.Line, Plain), Text(row, 2, item.Part, Plain), Text(row, 3, item.Description, Wrap), Number(row, 4, item.Quantity, Plain), Text(row, 5, item.Unit, Plain) };
            for (var v = 0; v < item.Cells.Count; v++)
            {
                var cell = item.Cells[v];
                if (cell.IsMissing)
                {
                    cells.Add(Text(row, 6 + (v * 3), "not quoted", Missing));
                    continue;
                }

                cells.Add(Number(row, 6 + (v * 3), cell.UnitPrice!.Value, cell.IsLowest ? Lowest : Price));
                cells.Add(Text(row, 7 + (v * 3), cell.Currency ?? string.Empty, Plain));
                if (cell.LeadTimeDays is int days)
                {
                    cells.Add(Number(row, 8 + (v * 3), days, Plain));
                }
            }

            data.Append(RowOf(row++, cells.ToArray()));
        }

        row++;
        var quoted = new List<Cell> { Text(row, 5, "Items quoted", Bold) };
        var lowest = new List<Cell> { Text(row + 1, 5, "Lowest price on", Bold) };
        var totals = new List<Cell> { Text(row + 2, 5, "Total (quoted items)", Bold) };
        for (var v = 0; v < c.Vendors.Count; v++)
        {
            var vendor = c.Vendors[v];
            quoted.Add(Number(row, 6 + (v * 3), vendor.Quoted, Plain));
            lowest.Add(Number(row + 1, 6 + (v * 3), vendor.Lowest, Plain));
            if (vendor.Totals.Count == 1)
            {
                totals.Add(Number(row + 2, 6 + (v * 3), vendor.Totals.Values.Single(), Price));
                totals.Add(Text(row + 2, 7 + (v * 3), vendor.Totals.Keys.Single(), Plain));
            }
            else if (vendor.Totals.Count > 1)
            {
                totals.Add(Text(row + 2, 6 + (v * 3), string.Join("; ", vendor.Totals.Select(t => t.Value.ToString("#,##0.00", CultureInfo.InvariantCulture) + " " + t.Key)), Plain));
            }
        }

        data.Append(RowOf(row, quoted.ToArray()));
        data.Append(RowOf(row + 1, lowest.ToArray()));
        data.Append(RowOf(row + 2, totals.ToArray()));
        return data;
    }

    private static SheetData QuotesSheet(QuoteComparison c)
    {
        var data = new SheetData();
        string[] headings = { "Vendor key", "Vendor", "Line", "Part", "Description", "Quantity", "Unit", "Unit price", "Currency", "Lead time (days)", "Valid until", "Lowest", "Remarks" };
        data.Append(RowOf(1, headings.Select((h, i) => Text(1, i + 1, h, Header)).ToArray()));
        uint row = 2;
        for (var v = 0; v < c.Vendors.Count; v++)
        {
            foreach (var item in c.Items)
            {
                var cell = item.Cells[v];
                var cells = new List<Cell>
                {
                    Text(row, 1, c.Vendors[v].VendorKey, Plain), Text(row, 2, c.Vendors[v].VendorName, Plain), Number(row, 3, item.Line, Plain),
                    Text(row, 4, item.Part, Plain), Text(row, 5, item.Description, Plain), Number(row, 6, item.Quantity, Plain), Text(row, 7, item.Unit, Plain),
                };
                if (cell.IsMissing)
                {
                    cells.Add(Text(row, 8, "not quoted", Missing));
                }
                else
                {
                    cells.Add(Number(row, 8, cell.UnitPrice!.Value, cell.IsLowest ? Lowest : Price));
                    cells.Add(Text(row, 9, cell.Currency ?? string.Empty, Plain));
                    if (cell.LeadTimeDays is int days)
                    {
                        cells.Add(Number(row, 10, days, Plain));
                    }

                    if (cell.ValidUntil is DateTime until)
                    {
                        cells.Add(new Cell(new CellValue(until.ToOADate().ToString(CultureInfo.InvariantCulture))) { CellReference = QuoteSheetLayout.Address((int)row, 11), StyleIndex = Date });
                    }

                    cells.Add(Text(row, 12, cell.IsLowest ? "yes" : "no", Plain));
                }

                if (!string.IsNullOrEmpty(cell.Remarks))
                {
                    cells.Add(Text(row, 13, cell.Remarks!, Plain));
                }

                data.Append(RowOf(row++, cells.ToArray()));
            }
        }

        return data;
    }

    private static SheetData ReviewSheet(QuoteComparison c)
    {
        var data = new SheetData();
        string[] headings = { "Vendor", "Vendor key", "File", "Received (UTC)", "Problem" };
        data.Append(RowOf(1, headings.Select((h, i) => Text(1, i + 1, h, Header)).ToArray()));
        uint row = 2;
        foreach (var quote in c.NeedsReview)
        {
            foreach (var problem in quote.Problems.DefaultIfEmpty("(no problem recorded)"))
            {
                data.Append(RowOf(
                    row,
                    Text(row, 1, quote.VendorName, Plain),
                    Text(row, 2, quote.VendorKey, Plain),
                    Text(row, 3, quote.FileName, Plain),
                    Text(row, 4, quote.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Plain),
                    Text(row, 5, problem, Wrap)));
                row++;
            }
        }

        return data;
    }

    private static Columns ComparisonColumns(QuoteComparison c)
    {
        var widths = new List<double> { 6, 16, 36, 10, 8 };
        foreach (var _ in c.Vendors)
        {
            widths.AddRange(new double[] { 18, 9, 10 });
        }

        return Widths(widths.ToArray());
    }

    private static Columns Widths(params double[] widths) =>
        new(widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true }));

    private static (int Row, int Column) CellAddress(string address)
    {
        var letters = new string(address.TakeWhile(char.IsLetter).ToArray());
        var column = letters.Aggregate(0, (n, ch) => (n * 26) + (char.ToUpperInvariant(ch) - 'A' + 1));
        return (int.Parse(address.Substring(letters.Length), CultureInfo.InvariantCulture), column);
    }

    private static Row RowOf(uint index, params Cell[] cells) => new(cells) { RowIndex = index };

    private static Cell Text(uint row, int column, string text, uint style) =>
        new(new InlineString(new Text(QuoteSheetSafeText(text)) { Space = SpaceProcessingModeValues.Preserve }))
        {
            CellReference = QuoteSheetLayout.Address((int)row, column),
            DataType = CellValues.InlineString,
            StyleIndex = style,
        };

    private static Cell Number(uint row, int column, decimal value, uint style) =>
        new(new CellValue(value.ToString(CultureInfo.InvariantCulture))) { CellReference = QuoteSheetLayout.Address((int)row, column), StyleIndex = style };

    /// <summary>Text as XML 1.0 can hold it: control characters a vendor's sheet might carry are dropped.</summary>
    private static string QuoteSheetSafeText(string text) =>
        new(text.Where(ch => ch == '\t' || ch == '\n' || ch == '\r' || (ch >= 0x20 && ch != 0xFFFE && ch != 0xFFFF)).ToArray());

    private static Stylesheet Styles()
    {
        Fill Solid(string rgb) => new(new PatternFill(new ForegroundColor { Rgb = rgb }, new BackgroundColor { Indexed = 64U }) { PatternType = PatternValues.Solid });
        CellFormat Format(uint font, uint fill, uint numberFormat, bool wrap = false) =>
            new(new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = wrap ? true : null })
            {
                FontId = font, FillId = fill, BorderId = 0U, NumberFormatId = numberFormat,
                ApplyFont = true, ApplyFill = true, ApplyNumberFormat = true, ApplyAlignment = true,
            };

        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = 164U, FormatCode = "#,##0.00##" },
                new NumberingFormat { NumberFormatId = 165U, FormatCode = "yyyy\\-mm\\-dd" })
            { Count = 2U },
            new Fonts(
                new Font(new FontSize { Val = 11D }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 11D }, new FontName { Val = "Calibri" }),
                new Font(new Italic(), new FontSize { Val = 11D }, new FontName { Val = "Calibri" }))
            { Count = 3U },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                Solid("FFD9D9D9"),
                Solid("FFC6EFCE"),
                Solid("FFEDEDED"))
            { Count = 5U },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1U },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U }) { Count = 1U },
            new CellFormats(
                new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U },
                Format(1, 0, 0),
                Format(1, 2, 0, wrap: true),
                Format(0, 0, 164),
                Format(1, 3, 164),
                Format(2, 4, 0),
                Format(0, 0, 165),
                Format(0, 0, 0, wrap: true))
            { Count = 8U },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0U, BuiltinId = 0U }) { Count = 1U });
    }
}
