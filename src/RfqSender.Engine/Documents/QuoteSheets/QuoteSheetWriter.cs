using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>
/// Makes the quote sheet of one vendor for one RFQ: the RFQ's number, title and due date, the
/// vendor's name and key, the signed <see cref="QuoteSheetReference"/>, and one row per line item
/// (line, part, description, quantity, unit) with empty columns for the vendor's unit price,
/// currency, lead time in days, valid-until date and remarks. <see cref="QuoteSheetReader"/> reads
/// the sheet back.
/// </summary>
/// <remarks>
/// The XLSX has its header frozen, every cell locked except the input cells (the sheet is protected
/// without a password, so it guards against slips, not against a vendor who wants to change it:
/// the reader checks everything again), typed input cells (a number for the price, a whole number
/// for the lead time, a date for valid until) with data validation, and a second copy of the
/// reference on a hidden sheet. The same input makes the same bytes: the parts are written in a
/// fixed order with fixed relationship ids, and the ZIP entries with a fixed time (1980-01-01);
/// only the DEFLATE stream of the runtime's zlib could differ between runtimes. The CSV has the same
/// rows and columns, UTF-8 with a byte order mark (so Excel reads it as UTF-8), CRLF line ends.
/// </remarks>
public sealed class QuoteSheetWriter
{
    private const uint LabelStyle = 1;
    private const uint HeaderStyle = 2;
    private const uint LockedTextStyle = 3;
    private const uint LockedNumberStyle = 4;
    private const uint PriceStyle = 5;
    private const uint CurrencyStyle = 6;
    private const uint LeadTimeStyle = 7;
    private const uint DateStyle = 8;
    private const uint RemarksStyle = 9;
    private const uint NoteStyle = 10;

    private static readonly DateTime ZipTime = new(1980, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    private readonly byte[] _secret;

    /// <summary>Creates a writer that signs references under the store's secret (at least 16 bytes).</summary>
    public QuoteSheetWriter(byte[] secret)
    {
        _secret = secret ?? throw new ArgumentNullException(nameof(secret));
        QuoteSheetReference.Create("-", "-", secret);
    }

    /// <summary>The name the sheet is attached as, such as <c>RFQ-2026-114 quote.xlsx</c>.</summary>
    public static string FileName(Rfq rfq, QuoteSheetFormat format)
    {
        var safe = new string((rfq ?? throw new ArgumentNullException(nameof(rfq))).Number
            .Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return safe + " quote" + (format == QuoteSheetFormat.Xlsx ? ".xlsx" : ".csv");
    }

    /// <summary>Writes the sheet of <paramref name="vendor"/> for <paramref name="rfq"/>.</summary>
    public void Write(Rfq rfq, Vendor vendor, QuoteSheetFormat format, Stream output) =>
        Write(rfq, (vendor ?? throw new ArgumentNullException(nameof(vendor))).Key, vendor.Name, format, output);

    /// <summary>Writes the sheet of the vendor with this key and name for <paramref name="rfq"/>.</summary>
    public void Write(Rfq rfq, string vendorKey, string vendorName, QuoteSheetFormat format, Stream output)
    {
        if (rfq is null)
        {
            throw new ArgumentNullException(nameof(rfq));
        }

        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        var reference = QuoteSheetReference.Create(rfq.Number, vendorKey, _secret);
        var block = new[] { rfq.Number, rfq.Title, QuoteSheetLayout.DueDateText(rfq.DueDate), vendorName ?? string.Empty, vendorKey, reference.Text };
        switch (format)
        {
            case QuoteSheetFormat.Xlsx:
                WriteXlsx(rfq, block, reference, output);
                break;
            case QuoteSheetFormat.Csv:
                WriteCsv(rfq, block, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>The sheet as bytes.</summary>
    public byte[] Create(Rfq rfq, string vendorKey, string vendorName, QuoteSheetFormat format)
    {
        using var buffer = new MemoryStream();
        Write(rfq, vendorKey, vendorName, format, buffer);
        return buffer.ToArray();
    }

    private static void WriteCsv(Rfq rfq, string[] block, Stream output)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < block.Length; i++)
        {
            CsvText.AppendRow(sb, QuoteSheetLayout.BlockLabels[i], block[i]);
        }

        CsvText.AppendRow(sb, QuoteSheetLayout.Instruction);
        CsvText.AppendRow(sb, QuoteSheetLayout.Headers.ToArray());
        for (var i = 0; i < rfq.Items.Count; i++)
        {
            var item = rfq.Items[i];
            CsvText.AppendRow(
                sb,
                (i + 1).ToString(CultureInfo.InvariantCulture),
                item.Part,
                item.Description,
                QuoteSheetLayout.QuantityText(item.Quantity),
                item.Unit,
                string.Empty,
                string.Empty,
                string.Empty,
                string.Empty,
                string.Empty);
        }

        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble()
            .Concat(new UTF8Encoding(false).GetBytes(sb.ToString())).ToArray();
        output.Write(bytes, 0, bytes.Length);
    }

    private static void WriteXlsx(Rfq rfq, string[] block, QuoteSheetReference reference, Stream output)
    {
        using var package = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(package, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>("rId1");
            var referencePart = workbookPart.AddNewPart<WorksheetPart>("rId2");
            var stylesPart = workbookPart.AddNewPart<WorkbookStylesPart>("rId3");
            stylesPart.Stylesheet = Styles();
            sheetPart.Worksheet = QuoteWorksheet(rfq, block);
            referencePart.Worksheet = ReferenceWorksheet(reference);

            var lastItemRow = QuoteSheetLayout.ItemRow(Math.Max(rfq.Items.Count, 1) - 1);
            workbookPart.Workbook = new Workbook(
                new BookViews(new WorkbookView { ActiveTab = 0U }),
                new Sheets(
                    new Sheet { Name = QuoteSheetLayout.SheetName, SheetId = 1U, Id = "rId1" },
                    new Sheet { Name = QuoteSheetLayout.ReferenceSheetName, SheetId = 2U, Id = "rId2", State = SheetStateValues.Hidden }),
                new DefinedNames(
                    new DefinedName($"'{QuoteSheetLayout.SheetName}'!$A$1:${QuoteSheetLayout.ColumnName(QuoteSheetLayout.LastColumn)}${lastItemRow}") { Name = "_xlnm.Print_Area", LocalSheetId = 0U },
                    new DefinedName($"'{QuoteSheetLayout.SheetName}'!${QuoteSheetLayout.HeaderRow}:${QuoteSheetLayout.HeaderRow}") { Name = "_xlnm.Print_Titles", LocalSheetId = 0U }));
        }

        Normalize(package, output);
    }

    /// <summary>Copies the package entry by entry with a fixed time, so the same sheet has the same bytes.</summary>
    private static void Normalize(MemoryStream package, Stream output)
    {
        package.Position = 0;
        using var source = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        using var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = ZipTime;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }

    private static Worksheet QuoteWorksheet(Rfq rfq, string[] block)
    {
        var data = new SheetData();
        for (var i = 0; i < block.Length; i++)
        {
            var row = (uint)(QuoteSheetLayout.NumberRow + i);
            data.Append(new Row(TextCell(row, 1, QuoteSheetLayout.BlockLabels[i], LabelStyle), TextCell(row, 2, block[i], LockedTextStyle)) { RowIndex = row });
        }

        data.Append(new Row(TextCell(QuoteSheetLayout.InstructionRow, 1, QuoteSheetLayout.Instruction, NoteStyle)) { RowIndex = QuoteSheetLayout.InstructionRow });
        var header = new Row { RowIndex = QuoteSheetLayout.HeaderRow };
        for (var c = 0; c < QuoteSheetLayout.Headers.Count; c++)
        {
            header.Append(TextCell(QuoteSheetLayout.HeaderRow, c + 1, QuoteSheetLayout.Headers[c], HeaderStyle));
        }

        data.Append(header);
        for (var i = 0; i < rfq.Items.Count; i++)
        {
            var item = rfq.Items[i];
            var r = (uint)QuoteSheetLayout.ItemRow(i);
            data.Append(new Row(
                NumberCell(r, QuoteSheetLayout.LineColumn, (i + 1).ToString(CultureInfo.InvariantCulture), LockedNumberStyle),
                TextCell(r, QuoteSheetLayout.PartColumn, item.Part, LockedTextStyle),
                TextCell(r, QuoteSheetLayout.DescriptionColumn, item.Description, LockedTextStyle),
                NumberCell(r, QuoteSheetLayout.QuantityColumn, QuoteSheetLayout.QuantityText(item.Quantity), LockedNumberStyle),
                TextCell(r, QuoteSheetLayout.UnitColumn, item.Unit, LockedTextStyle),
                EmptyCell(r, QuoteSheetLayout.PriceColumn, PriceStyle),
                EmptyCell(r, QuoteSheetLayout.CurrencyColumn, CurrencyStyle),
                EmptyCell(r, QuoteSheetLayout.LeadTimeColumn, LeadTimeStyle),
                EmptyCell(r, QuoteSheetLayout.ValidUntilColumn, DateStyle),
                EmptyCell(r, QuoteSheetLayout.RemarksColumn, RemarksStyle))
            { RowIndex = r });
        }

        var worksheet = new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }),
            new SheetViews(new SheetView(
                new Pane
                {
                    VerticalSplit = QuoteSheetLayout.HeaderRow,
                    TopLeftCell = QuoteSheetLayout.Address(QuoteSheetLayout.FirstItemRow, 1),
                    ActivePane = PaneValues.BottomLeft,
                    State = PaneStateValues.Frozen,
                },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = QuoteSheetLayout.Address(QuoteSheetLayout.FirstItemRow, QuoteSheetLayout.PriceColumn), SequenceOfReferences = new ListValue<StringValue> { InnerText = QuoteSheetLayout.Address(QuoteSheetLayout.FirstItemRow, QuoteSheetLayout.PriceColumn) } })
            { WorkbookViewId = 0U, TabSelected = true }),
            new SheetFormatProperties { DefaultRowHeight = 15D },
            new Columns(
                Column(QuoteSheetLayout.LineColumn, 12),
                Column(QuoteSheetLayout.PartColumn, 20),
                Column(QuoteSheetLayout.DescriptionColumn, 44),
                Column(QuoteSheetLayout.QuantityColumn, 10),
                Column(QuoteSheetLayout.UnitColumn, 8),
                Column(QuoteSheetLayout.PriceColumn, 12),
                Column(QuoteSheetLayout.CurrencyColumn, 10),
                Column(QuoteSheetLayout.LeadTimeColumn, 16),
                Column(QuoteSheetLayout.ValidUntilColumn, 12),
                Column(QuoteSheetLayout.RemarksColumn, 40)),
            data,
            new SheetProtection { Sheet = true, Objects = true, Scenarios = true, FormatColumns = false, FormatRows = false });
        if (rfq.Items.Count > 0)
        {
            worksheet.Append(Validations(rfq.Items.Count));
        }

        worksheet.Append(
            new PageMargins { Left = 0.5D, Right = 0.5D, Top = 0.75D, Bottom = 0.75D, Header = 0.3D, Footer = 0.3D },
            new PageSetup { Orientation = OrientationValues.Landscape, FitToWidth = 1U, FitToHeight = 0U });
        return worksheet;
    }

    private static DataValidations Validations(int items)
    {
        var first = QuoteSheetLayout.FirstItemRow;
        var last = QuoteSheetLayout.ItemRow(items - 1);
        DataValidation Rule(int column, DataValidationValues type, DataValidationOperatorValues op, string formula1, string? formula2, string prompt)
        {
            var rule = new DataValidation(new Formula1(formula1))
            {
                Type = type,
                Operator = op,
                AllowBlank = true,
                ShowInputMessage = true,
                ShowErrorMessage = true,
                PromptTitle = QuoteSheetLayout.Headers[column - 1],
                Prompt = prompt,
                ErrorTitle = QuoteSheetLayout.Headers[column - 1],
                Error = prompt,
                SequenceOfReferences = new ListValue<StringValue> { InnerText = QuoteSheetLayout.Address(first, column) + ":" + QuoteSheetLayout.Address(last, column) },
            };
            if (formula2 is not null)
            {
                rule.Append(new Formula2(formula2));
            }

            return rule;
        }

        var rules = new[]
        {
            Rule(QuoteSheetLayout.PriceColumn, DataValidationValues.Decimal, DataValidationOperatorValues.GreaterThanOrEqual, "0", null, "The price of one unit: a number, 0 or more."),
            Rule(QuoteSheetLayout.CurrencyColumn, DataValidationValues.TextLength, DataValidationOperatorValues.Equal, "3", null, "The currency code, such as EUR or USD."),
            Rule(QuoteSheetLayout.LeadTimeColumn, DataValidationValues.Whole, DataValidationOperatorValues.Between, "0", "3650", "The lead time in whole days."),
            Rule(QuoteSheetLayout.ValidUntilColumn, DataValidationValues.Date, DataValidationOperatorValues.Between, "36526", "2958465", "The last day the price holds, a date."),
        };
        return new DataValidations(rules) { Count = (uint)rules.Length };
    }

    private static Worksheet ReferenceWorksheet(QuoteSheetReference reference) =>
        new(
            new SheetData(new Row(TextCell(1, 1, reference.Text, LockedTextStyle)) { RowIndex = 1U }),
            new SheetProtection { Sheet = true, Objects = true, Scenarios = true });

    private static Column Column(int index, double width) =>
        new() { Min = (uint)index, Max = (uint)index, Width = width, CustomWidth = true };

    private static Cell TextCell(uint row, int column, string text, uint style) =>
        new(new InlineString(PreservedText(text)))
        {
            CellReference = QuoteSheetLayout.Address((int)row, column),
            DataType = CellValues.InlineString,
            StyleIndex = style,
        };

    private static Text PreservedText(string text)
    {
        var element = new Text(text);
        if (text.Trim().Length != text.Length)
        {
            element.Space = SpaceProcessingModeValues.Preserve;
        }

        return element;
    }

    private static Cell NumberCell(uint row, int column, string invariantNumber, uint style) =>
        new(new CellValue(invariantNumber)) { CellReference = QuoteSheetLayout.Address((int)row, column), StyleIndex = style };

    private static Cell EmptyCell(uint row, int column, uint style) =>
        new() { CellReference = QuoteSheetLayout.Address((int)row, column), StyleIndex = style };

    private static Stylesheet Styles()
    {
        var input = new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFFF2CC" }, new BackgroundColor { Indexed = 64U }) { PatternType = PatternValues.Solid });
        var header = new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9D9D9" }, new BackgroundColor { Indexed = 64U }) { PatternType = PatternValues.Solid });
        var thin = new Border(
            new LeftBorder(new Color { Indexed = 64U }) { Style = BorderStyleValues.Thin },
            new RightBorder(new Color { Indexed = 64U }) { Style = BorderStyleValues.Thin },
            new TopBorder(new Color { Indexed = 64U }) { Style = BorderStyleValues.Thin },
            new BottomBorder(new Color { Indexed = 64U }) { Style = BorderStyleValues.Thin },
            new DiagonalBorder());

        CellFormat Format(uint font, uint fill, uint border, uint numberFormat, bool locked, bool wrap = false)
        {
            var alignment = new Alignment { Vertical = VerticalAlignmentValues.Top };
            if (wrap)
            {
                alignment.WrapText = true;
            }

            return new CellFormat(alignment, new Protection { Locked = locked })
            {
                FontId = font,
                FillId = fill,
                BorderId = border,
                NumberFormatId = numberFormat,
                ApplyFont = true,
                ApplyFill = true,
                ApplyBorder = true,
                ApplyNumberFormat = true,
                ApplyAlignment = true,
                ApplyProtection = true,
            };
        }

        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = 164U, FormatCode = "#,##0.00##" },
                new NumberingFormat { NumberFormatId = 165U, FormatCode = "yyyy\\-mm\\-dd" })
            { Count = 2U },
            new Fonts(
                new Font(new FontSize { Val = 11D }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 }),
                new Font(new Bold(), new FontSize { Val = 11D }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 }),
                new Font(new Italic(), new FontSize { Val = 11D }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 }))
            { Count = 3U },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                input,
                header)
            { Count = 4U },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin) { Count = 2U },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U }) { Count = 1U },
            new CellFormats(
                new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U },
                Format(1, 0, 0, 0, locked: true),
                Format(1, 3, 1, 0, locked: true, wrap: true),
                Format(0, 0, 1, 49, locked: true, wrap: true),
                Format(0, 0, 1, 0, locked: true),
                Format(0, 2, 1, 164, locked: false),
                Format(0, 2, 1, 49, locked: false),
                Format(0, 2, 1, 1, locked: false),
                Format(0, 2, 1, 165, locked: false),
                Format(0, 2, 1, 49, locked: false, wrap: true),
                Format(2, 0, 0, 0, locked: true))
            { Count = 11U },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0U, BuiltinId = 0U }) { Count = 1U });
    }
}
