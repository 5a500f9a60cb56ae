using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>
/// Loads the cells of a returned XLSX quote sheet into a <see cref="QuoteSheetGrid"/>, whatever
/// program saved it: shared or inline strings, the cached results of formulas, and the kind of a
/// number cell as its number format says (a date format makes a date; anything else a number).
/// </summary>
internal static class XlsxQuoteSheetLoader
{
    /// <summary>The most characters of one part (a worksheet's XML) read: far above a sheet of thousands of lines, far below what exhausts memory.</summary>
    private const long MaxCharactersInPart = 64L * 1024 * 1024;

    private static readonly HashSet<uint> BuiltInDateFormats = new()
    {
        14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
    };

    /// <summary>The grid, or null and why the file cannot be read as a workbook.</summary>
    public static QuoteSheetGrid? Load(Stream input, out string? problem)
    {
        problem = null;
        try
        {
            using var document = SpreadsheetDocument.Open(input, false, new OpenSettings { MaxCharactersInPart = MaxCharactersInPart });
            return Load(document, out problem);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException or InvalidOperationException or IOException or System.Xml.XmlException)
        {
            problem = "the file is not a readable XLSX workbook (" + e.Message + ")";
            return null;
        }
    }

    private static QuoteSheetGrid? Load(SpreadsheetDocument document, out string? problem)
    {
        problem = null;
        var workbookPart = document.WorkbookPart;
        var sheets = workbookPart?.Workbook?.Sheets?.Elements<Sheet>().ToList();
        if (workbookPart is null || sheets is null || sheets.Count == 0)
        {
            problem = "the workbook has no sheets";
            return null;
        }

        var worksheets = sheets
            .Where(s => s.Id?.Value is { } id && workbookPart.TryGetPartById(id, out var part) && part is WorksheetPart)
            .ToList();
        var quote = worksheets.FirstOrDefault(s => string.Equals(s.Name?.Value, QuoteSheetLayout.SheetName, StringComparison.OrdinalIgnoreCase));
        if (quote is null)
        {
            var visible = worksheets.Where(s => s.State is null || s.State.Value == SheetStateValues.Visible).ToList();
            if (visible.Count != 1)
            {
                problem = $"the workbook has no sheet named '{QuoteSheetLayout.SheetName}' and {visible.Count} visible worksheets ({string.Join(", ", visible.Select(s => "'" + s.Name?.Value + "'"))}), so which one is the quote is not known";
                return null;
            }

            quote = visible[0];
        }

        var context = new Context(workbookPart);
        var grid = new QuoteSheetGrid(quote.Name?.Value ?? QuoteSheetLayout.SheetName);
        Fill(grid, (WorksheetPart)workbookPart.GetPartById(quote.Id!.Value!), context);

        var hidden = worksheets.FirstOrDefault(s => string.Equals(s.Name?.Value, QuoteSheetLayout.ReferenceSheetName, StringComparison.OrdinalIgnoreCase));
        if (hidden is not null && !ReferenceEquals(hidden, quote))
        {
            var referenceGrid = new QuoteSheetGrid(hidden.Name!.Value!);
            Fill(referenceGrid, (WorksheetPart)workbookPart.GetPartById(hidden.Id!.Value!), context);
            grid.HiddenReference = referenceGrid[1, 1].Text;
        }

        return grid;
    }

    private static void Fill(QuoteSheetGrid grid, WorksheetPart part, Context context)
    {
        var data = part.Worksheet?.GetFirstChild<SheetData>();
        if (data is null)
        {
            return;
        }

        var rowNumber = 0;
        foreach (var row in data.Elements<Row>())
        {
            rowNumber = row.RowIndex?.Value is { } index ? (int)index : rowNumber + 1;
            var column = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                if (cell.CellReference?.Value is { } address && QuoteSheetLayout.TryParseAddress(address, out var r, out var c))
                {
                    rowNumber = r;
                    column = c;
                }
                else
                {
                    column++;
                }

                var value = Read(cell, context);
                if (value.Kind != QuoteSheetCellKind.Empty)
                {
                    grid.Set(rowNumber, column, value);
                }
            }
        }
    }

    private static QuoteSheetCell Read(Cell cell, Context context)
    {
        var type = cell.DataType?.Value;
        var raw = cell.CellValue?.Text;
        if (type == CellValues.InlineString)
        {
            return new QuoteSheetCell(QuoteSheetCellKind.Text, StringOf(cell.InlineString));
        }

        if (raw is null || (raw.Length == 0 && cell.CellFormula is not null))
        {
            return cell.CellFormula is { } formula
                ? new QuoteSheetCell(QuoteSheetCellKind.UncalculatedFormula, "=" + formula.Text)
                : QuoteSheetCell.Empty;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && context.SharedString(i) is { } shared
                ? new QuoteSheetCell(QuoteSheetCellKind.Text, shared)
                : new QuoteSheetCell(QuoteSheetCellKind.Error, "(a shared string that the workbook does not hold)");
        }

        if (type == CellValues.String)
        {
            return new QuoteSheetCell(QuoteSheetCellKind.Text, raw);
        }

        if (type == CellValues.Boolean)
        {
            return new QuoteSheetCell(QuoteSheetCellKind.Boolean, raw == "1" ? "TRUE" : "FALSE");
        }

        if (type == CellValues.Error)
        {
            return new QuoteSheetCell(QuoteSheetCellKind.Error, raw);
        }

        if (type == CellValues.Date)
        {
            return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso)
                ? new QuoteSheetCell(QuoteSheetCellKind.Date, raw, date: DateTime.SpecifyKind(iso, DateTimeKind.Unspecified))
                : new QuoteSheetCell(QuoteSheetCellKind.Error, raw);
        }

        var number = decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? RoundToDoublePrecision(n) : (decimal?)null;
        if (number is { } serial && context.IsDateStyle(cell.StyleIndex?.Value ?? 0) && context.ToDate(serial) is { } date)
        {
            return new QuoteSheetCell(QuoteSheetCellKind.Date, date.ToString(date.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), serial, date);
        }

        return new QuoteSheetCell(QuoteSheetCellKind.Number, number is { } value ? value.ToString(CultureInfo.InvariantCulture) : raw, number);
    }

    /// <summary>
    /// A number cell holds a double: a value shown as 12.3 may be stored as 12.300000000000001 when a
    /// formula made it. Fifteen significant digits are what the double holds exactly and what
    /// spreadsheet programs show.
    /// </summary>
    private static decimal RoundToDoublePrecision(decimal value)
    {
        if (value == 0)
        {
            return 0;
        }

        var magnitude = (int)Math.Floor(Math.Log10((double)Math.Abs(value))) + 1;
        var decimals = 15 - magnitude;
        return QuoteSheetLayout.Normalize(decimals is >= 0 and <= 28 ? Math.Round(value, decimals, MidpointRounding.AwayFromZero) : value);
    }

    private static string StringOf(OpenXmlElement? item)
    {
        if (item is null)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        foreach (var child in item.ChildElements)
        {
            if (child is Text text)
            {
                sb.Append(text.Text);
            }
            else if (child is Run run)
            {
                sb.Append(run.Text?.Text);
            }
        }

        return sb.ToString();
    }

    /// <summary>What the cells of one workbook refer to: its shared strings, number formats and date system.</summary>
    private sealed class Context
    {
        private readonly List<string> _sharedStrings;
        private readonly List<bool> _dateStyles = new();
        private readonly bool _date1904;

        public Context(WorkbookPart workbookPart)
        {
            _sharedStrings = workbookPart.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => StringOf(i)).ToList() ?? new List<string>();
            _date1904 = workbookPart.Workbook?.WorkbookProperties?.Date1904?.Value == true;
            var stylesheet = workbookPart.WorkbookStylesPart?.Stylesheet;
            var custom = stylesheet?.NumberingFormats?.Elements<NumberingFormat>()
                .Where(f => f.NumberFormatId?.Value is not null)
                .GroupBy(f => f.NumberFormatId!.Value)
                .ToDictionary(g => g.Key, g => g.First().FormatCode?.Value ?? string.Empty) ?? new Dictionary<uint, string>();
            foreach (var format in stylesheet?.CellFormats?.Elements<CellFormat>() ?? Enumerable.Empty<CellFormat>())
            {
                var id = format.NumberFormatId?.Value ?? 0;
                _dateStyles.Add(custom.TryGetValue(id, out var code) ? IsDateCode(code) : BuiltInDateFormats.Contains(id));
            }
        }

        public string? SharedString(int index) => index >= 0 && index < _sharedStrings.Count ? _sharedStrings[index] : null;

        public bool IsDateStyle(uint index) => index < _dateStyles.Count && _dateStyles[(int)index];

        /// <summary>The date of a serial in the workbook's date system, or null outside the dates spreadsheets show.</summary>
        public DateTime? ToDate(decimal serial)
        {
            if (serial < 0 || serial >= 2958466)
            {
                return null;
            }

            var days = (double)serial;
            var origin = _date1904 ? new DateTime(1904, 1, 1) : serial < 61 ? new DateTime(1899, 12, 31) : new DateTime(1899, 12, 30);
            var date = origin.AddDays(Math.Floor(days));
            var seconds = Math.Round((days - Math.Floor(days)) * 86400);
            return date.AddSeconds(seconds);
        }

        /// <summary>A format code shows a date or time when, outside quoted text, escapes and [brackets], it has d, m, y, h or s.</summary>
        private static bool IsDateCode(string code)
        {
            var section = code.Split(';')[0];
            var inQuotes = false;
            var inBrackets = false;
            for (var i = 0; i < section.Length; i++)
            {
                var c = section[i];
                if (inQuotes)
                {
                    inQuotes = c != '"';
                }
                else if (inBrackets)
                {
                    inBrackets = c != ']';
                }
                else if (c == '"')
                {
                    inQuotes = true;
                }
                else if (c == '[')
                {
                    inBrackets = true;
                }
                else if (c is '\\' or '_' or '*')
                {
                    i++;
                }
                else if (char.ToLowerInvariant(c) is 'd' or 'm' or 'y' or 'h' or 's')
                {
                    return true;
                }
            }

            return false;
        }
    }
}
