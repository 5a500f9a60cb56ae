using System.Globalization;
using RfqSender.Engine.Rfqs;
using L = RfqSender.Engine.Documents.QuoteSheets.QuoteSheetLayout;

namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>
/// Reads a quote sheet that a vendor sent back (XLSX or CSV, as <see cref="QuoteSheetWriter"/>
/// made it) into quote lines tied to its verified reference, or into the errors that make it a
/// case for review: each with the sheet, the cell, what was expected and what was found. Nothing
/// is guessed: a cell that could mean two things is an error, not a value. A sheet re-saved by
/// another program (other styles, shared strings, a semicolon CSV) reads the same.
/// </summary>
/// <remarks>
/// Numbers and dates are taken as the cell's type says: a number cell is a number (its double
/// rounded to the 15 significant digits spreadsheet programs show), a date-formatted cell a date;
/// text (every CSV value) only in a form with one meaning in every locale (see
/// <see cref="QuoteSheetText"/>).
/// </remarks>
public sealed class QuoteSheetReader
{
    /// <summary>The largest sheet read: 32 MiB, far above a sheet of thousands of line items.</summary>
    public const int MaxBytes = 32 * 1024 * 1024;

    private const string ReferenceExpected = "the sheet's reference (QS1/...) as it was sent";

    private readonly byte[] _secret;

    /// <summary>Creates a reader that verifies references under the store's secret.</summary>
    public QuoteSheetReader(byte[] secret)
    {
        _secret = secret ?? throw new ArgumentNullException(nameof(secret));
        QuoteSheetReference.Create("-", "-", secret);
    }

    /// <summary>The format of a sheet by its first bytes: a ZIP package is an XLSX, anything else is taken for CSV.</summary>
    public static QuoteSheetFormat Detect(byte[] bytes) =>
        bytes is { Length: >= 4 } && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4 ? QuoteSheetFormat.Xlsx : QuoteSheetFormat.Csv;

    /// <summary>
    /// Reads a returned sheet of <paramref name="rfq"/>. With <paramref name="vendorKey"/> (the
    /// vendor whose reply brought it), a sheet made for another vendor is an error.
    /// </summary>
    /// <param name="sheet">The file's content.</param>
    /// <param name="rfq">The RFQ the sheet should belong to: its line items are what the rows must hold.</param>
    /// <param name="vendorKey">The vendor the sheet should belong to, or null to take the reference's.</param>
    /// <param name="format">The format, or null to tell by the content.</param>
    /// <param name="name">The name errors give a CSV as its sheet (such as the attachment's file name).</param>
    public QuoteSheetReadResult Read(Stream sheet, Rfq rfq, string? vendorKey = null, QuoteSheetFormat? format = null, string? name = null)
    {
        if (sheet is null)
        {
            throw new ArgumentNullException(nameof(sheet));
        }

        if (rfq is null)
        {
            throw new ArgumentNullException(nameof(rfq));
        }

        var bytes = ReadAll(sheet);
        var kind = format ?? Detect(bytes ?? Array.Empty<byte>());
        var csvName = string.IsNullOrEmpty(name) ? L.SheetName : name!;
        if (bytes is null)
        {
            return Failed(kind, csvName, $"a file of at most {MaxBytes / (1024 * 1024)} MiB", "a larger file");
        }

        QuoteSheetGrid? grid;
        string? problem;
        if (kind == QuoteSheetFormat.Xlsx)
        {
            using var buffer = new MemoryStream(bytes, writable: false);
            grid = XlsxQuoteSheetLoader.Load(buffer, out problem);
        }
        else
        {
            grid = CsvQuoteSheetLoader.Load(bytes, csvName, out problem);
        }

        if (grid is null)
        {
            return Failed(kind, csvName, kind == QuoteSheetFormat.Xlsx ? "an XLSX quote sheet" : "a CSV quote sheet", problem ?? "an unreadable file");
        }

        var check = new SheetCheck(grid, kind == QuoteSheetFormat.Csv);
        var reference = CheckReference(check, rfq, vendorKey);
        var lines = CheckHeader(check) ? CheckItems(check, rfq) : new List<QuoteLine>();
        return new QuoteSheetReadResult(kind, grid.SheetName, reference, lines, check.Errors, HasQuoteSheetShape(grid));
    }

    /// <summary>Whether a grid is laid out as our sheet: its reference (or hidden copy), the reference's label, or the item headings in their row.</summary>
    private static bool HasQuoteSheetShape(QuoteSheetGrid grid) =>
        grid.HiddenReference is not null
        || grid[L.ReferenceRow, 2].Text.Trim().StartsWith("QS1/", StringComparison.OrdinalIgnoreCase)
        || string.Equals(grid[L.ReferenceRow, 1].Text.Trim(), L.BlockLabels[L.ReferenceRow - 1], StringComparison.OrdinalIgnoreCase)
        || (string.Equals(grid[L.HeaderRow, 1].Text.Trim(), L.Headers[0], StringComparison.OrdinalIgnoreCase)
            && string.Equals(grid[L.HeaderRow, 2].Text.Trim(), L.Headers[1], StringComparison.OrdinalIgnoreCase));

    private static QuoteSheetReadResult Failed(QuoteSheetFormat format, string sheet, string expected, string found) =>
        new(format, sheet, null, Array.Empty<QuoteLine>(), new[] { new QuoteSheetError(sheet, null, expected, found) });

    private static byte[]? ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private QuoteSheetReference? CheckReference(SheetCheck check, Rfq rfq, string? vendorKey)
    {
        var row = L.ReferenceRow;
        var cell = check.Grid[row, 2];
        QuoteSheetReference? verified = null;
        if (cell.IsBlank)
        {
            check.Error(row, 2, ReferenceExpected, "an empty cell: the reference is missing");
        }
        else if (cell.Kind != QuoteSheetCellKind.Text || !QuoteSheetReference.TryParse(cell.Text, out var reference))
        {
            check.Error(row, 2, ReferenceExpected, cell.Describe() + ", which is not a quote sheet reference");
        }
        else if (!reference.Verify(_secret))
        {
            check.Error(row, 2, ReferenceExpected, $"the reference '{cell.Text.Trim()}', which does not verify: it was altered, or not made by this store");
        }
        else if (!string.Equals(reference.RfqNumber, rfq.Number, StringComparison.Ordinal))
        {
            check.Error(row, 2, $"a reference to RFQ {rfq.Number}", $"a reference to RFQ {reference.RfqNumber}: this is the sheet of another RFQ");
        }
        else if (vendorKey is not null && !string.Equals(reference.VendorKey, vendorKey, StringComparison.OrdinalIgnoreCase))
        {
            check.Error(row, 2, $"the reference of vendor '{vendorKey}'", $"the reference of vendor '{reference.VendorKey}': this sheet was made for another vendor");
        }
        else
        {
            verified = reference;
        }

        if (check.Grid.HiddenReference is { } hidden && !string.Equals(hidden.Trim(), cell.Text.Trim(), StringComparison.Ordinal))
        {
            check.Errors.Add(new QuoteSheetError(
                L.ReferenceSheetName,
                "A1",
                $"the same reference as {check.Grid.SheetName}!{L.Address(row, 2)}",
                hidden.Trim().Length == 0 ? "an empty cell" : $"'{hidden.Trim()}': the visible reference was changed"));
            verified = null;
        }

        return verified;
    }

    private static bool CheckHeader(SheetCheck check)
    {
        var before = check.Errors.Count;
        for (var c = 1; c <= L.LastColumn; c++)
        {
            var cell = check.Grid[L.HeaderRow, c];
            if (!check.SameText(cell, L.Headers[c - 1]))
            {
                check.Error(L.HeaderRow, c, $"the heading '{L.Headers[c - 1]}'", cell.Describe() + MovedHeaderHint(check.Grid));
            }
        }

        return check.Errors.Count == before;
    }

    private static string MovedHeaderHint(QuoteSheetGrid grid)
    {
        foreach (var row in grid.Rows.Where(r => r != L.HeaderRow).Take(1000))
        {
            if (string.Equals(grid[row, 1].Text.Trim(), L.Headers[0], StringComparison.OrdinalIgnoreCase)
                && string.Equals(grid[row, 2].Text.Trim(), L.Headers[1], StringComparison.OrdinalIgnoreCase))
            {
                return $" (the headings are in row {row}: rows were added or deleted above them)";
            }
        }

        return string.Empty;
    }

    private static List<QuoteLine> CheckItems(SheetCheck check, Rfq rfq)
    {
        var lines = new List<QuoteLine>();
        for (var i = 0; i < rfq.Items.Count; i++)
        {
            if (CheckItem(check, rfq, i) is { } line)
            {
                lines.Add(line);
            }
        }

        var last = L.ItemRow(rfq.Items.Count - 1);
        foreach (var row in check.Grid.Rows)
        {
            var columns = check.Grid.ColumnsOf(row).ToList();
            if (row > last)
            {
                check.Error(row, columns[0], $"nothing below the last line item (row {last})", check.Grid[row, columns[0]].Describe() + ": rows were added, or moved down");
            }
            else if (row >= L.HeaderRow && columns.FirstOrDefault(c => c > L.LastColumn) is var extra and > 0)
            {
                check.Error(row, extra, $"nothing right of column {L.ColumnName(L.LastColumn)} ({L.Headers[L.LastColumn - 1]})", check.Grid[row, extra].Describe() + ": write remarks in column " + L.ColumnName(L.RemarksColumn));
            }
        }

        return lines;
    }

    private static QuoteLine? CheckItem(SheetCheck check, Rfq rfq, int index)
    {
        var item = rfq.Items[index];
        var row = L.ItemRow(index);
        var grid = check.Grid;
        var errors = check.Errors.Count;
        var partCell = grid[row, L.PartColumn];
        if (!check.SameText(partCell, item.Part))
        {
            var other = Enumerable.Range(0, rfq.Items.Count).Where(j => j != index && check.SameText(partCell, rfq.Items[j].Part)).DefaultIfEmpty(-1).First();
            var hint = other >= 0
                ? $", the part of line {other + 1} (row {L.ItemRow(other)}): rows were moved, added or deleted"
                : partCell.IsBlank ? ": the row was deleted or emptied" : ": the part was changed";
            check.Error(row, L.PartColumn, $"the part '{item.Part}' of line {index + 1}", partCell.Describe() + hint);
            return null;
        }

        var number = check.Number(grid[row, L.LineColumn], out _);
        if (number != index + 1)
        {
            check.Error(row, L.LineColumn, $"the line number {index + 1}", grid[row, L.LineColumn].Describe());
        }

        if (!check.SameText(grid[row, L.DescriptionColumn], item.Description))
        {
            check.Error(row, L.DescriptionColumn, $"the description of {item.Part} as sent", grid[row, L.DescriptionColumn].Describe());
        }

        var quantityCell = grid[row, L.QuantityColumn];
        var quantity = check.Number(quantityCell, out var quantityProblem);
        if (quantity != item.Quantity)
        {
            check.Error(row, L.QuantityColumn, $"the quantity {L.QuantityText(item.Quantity)} asked for", quantityCell.Describe() + (quantityProblem is null ? string.Empty : " (" + quantityProblem + ")"));
        }

        if (!check.SameText(grid[row, L.UnitColumn], item.Unit))
        {
            check.Error(row, L.UnitColumn, item.Unit.Length == 0 ? "no unit" : $"the unit '{item.Unit}'", grid[row, L.UnitColumn].Describe());
        }

        var price = ReadPrice(check, row);
        var currency = ReadCurrency(check, row);
        var leadTime = ReadLeadTime(check, row);
        var validUntil = ReadValidUntil(check, row);
        var remarks = ReadRemarks(check, row);
        var priceCell = grid[row, L.PriceColumn];
        var currencyCell = grid[row, L.CurrencyColumn];
        if (priceCell.IsBlank && !(currencyCell.IsBlank && grid[row, L.LeadTimeColumn].IsBlank && grid[row, L.ValidUntilColumn].IsBlank))
        {
            check.Error(row, L.PriceColumn, "a unit price, since the row has a currency, lead time or date (or none of them, for an item not quoted)", priceCell.Describe());
        }
        else if (!priceCell.IsBlank && currencyCell.IsBlank)
        {
            check.Error(row, L.CurrencyColumn, $"the currency of the price in {L.Address(row, L.PriceColumn)} (such as EUR)", currencyCell.Describe());
        }

        return check.Errors.Count == errors
            ? new QuoteLine(index + 1, item.Part, item.Quantity, item.Unit, price, currency, leadTime, validUntil, remarks)
            : null;
    }

    private static decimal? ReadPrice(SheetCheck check, int row)
    {
        var cell = check.Grid[row, L.PriceColumn];
        if (cell.IsBlank)
        {
            return null;
        }

        const string Expected = "a unit price: a number, 0 or more";
        if (cell.Kind is not (QuoteSheetCellKind.Number or QuoteSheetCellKind.Text))
        {
            check.Error(row, L.PriceColumn, Expected, cell.Describe());
            return null;
        }

        var value = check.Number(cell, out var problem);
        if (value is null)
        {
            check.Error(row, L.PriceColumn, Expected, problem ?? cell.Describe());
        }
        else if (value < 0)
        {
            check.Error(row, L.PriceColumn, Expected, "the negative price " + value.Value.ToString(CultureInfo.InvariantCulture));
            return null;
        }

        return value;
    }

    private static string? ReadCurrency(SheetCheck check, int row)
    {
        var cell = check.Grid[row, L.CurrencyColumn];
        if (cell.IsBlank)
        {
            return null;
        }

        var code = cell.Text.Trim();
        if (cell.Kind != QuoteSheetCellKind.Text || code.Length != 3 || !code.All(c => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z'))
        {
            check.Error(row, L.CurrencyColumn, "a currency code of three letters (ISO 4217, such as EUR or USD)", cell.Describe());
            return null;
        }

        return code.ToUpperInvariant();
    }

    private static int? ReadLeadTime(SheetCheck check, int row)
    {
        var cell = check.Grid[row, L.LeadTimeColumn];
        if (cell.IsBlank)
        {
            return null;
        }

        const string Expected = "a lead time in whole days (0 or more)";
        var value = cell.Kind is QuoteSheetCellKind.Number or QuoteSheetCellKind.Text ? check.Number(cell, out var problem) : null;
        if (value is not { } days || days < 0 || days != decimal.Truncate(days) || days > 36500)
        {
            check.Error(row, L.LeadTimeColumn, Expected, cell.Describe());
            return null;
        }

        return (int)days;
    }

    private static DateTime? ReadValidUntil(SheetCheck check, int row)
    {
        var cell = check.Grid[row, L.ValidUntilColumn];
        if (cell.IsBlank)
        {
            return null;
        }

        const string Expected = "the last day the price holds: a date cell, or text as YYYY-MM-DD";
        switch (cell.Kind)
        {
            case QuoteSheetCellKind.Date when cell.Date is { } date && date.TimeOfDay == TimeSpan.Zero:
                return date;
            case QuoteSheetCellKind.Text:
                var parsed = QuoteSheetText.ParseDate(cell.Text, out var problem);
                if (parsed is null)
                {
                    check.Error(row, L.ValidUntilColumn, Expected, problem ?? cell.Describe());
                }

                return parsed;
            case QuoteSheetCellKind.Number:
                check.Error(row, L.ValidUntilColumn, Expected, cell.Describe() + " in a cell not formatted as a date");
                return null;
            default:
                check.Error(row, L.ValidUntilColumn, Expected, cell.Describe());
                return null;
        }
    }

    private static string? ReadRemarks(SheetCheck check, int row)
    {
        var cell = check.Grid[row, L.RemarksColumn];
        if (cell.IsBlank)
        {
            return null;
        }

        if (cell.Kind is QuoteSheetCellKind.Error or QuoteSheetCellKind.UncalculatedFormula)
        {
            check.Error(row, L.RemarksColumn, "remarks as text", cell.Describe());
            return null;
        }

        return check.IsCsv ? Unprotect(cell.Text.Trim()) : cell.Text.Trim();
    }

    private static string Unprotect(string value) => value.StartsWith("'", StringComparison.Ordinal) && CsvText.Safe(value.Substring(1)) == value ? value.Substring(1) : value;

    /// <summary>The grid being checked and the errors found so far.</summary>
    private sealed class SheetCheck
    {
        public SheetCheck(QuoteSheetGrid grid, bool isCsv)
        {
            Grid = grid;
            IsCsv = isCsv;
        }

        public QuoteSheetGrid Grid { get; }

        public bool IsCsv { get; }

        public List<QuoteSheetError> Errors { get; } = new();

        public void Error(int row, int column, string expected, string found) =>
            Errors.Add(new QuoteSheetError(Grid.SheetName, L.Address(row, column), expected, found));

        /// <summary>True when the cell holds this text (white space at the ends and line-break style aside; an empty text matches an empty cell).</summary>
        public bool SameText(QuoteSheetCell cell, string expected)
        {
            var want = Clean(expected);
            if (cell.IsBlank)
            {
                return want.Length == 0;
            }

            var found = Clean(cell.Text);
            return cell.Kind is QuoteSheetCellKind.Text or QuoteSheetCellKind.Number
                && (found == want || (IsCsv && found == Clean(CsvText.Safe(want))));
        }

        /// <summary>The number a number cell holds, or a text cell writes with one meaning; null (and why, for text) otherwise.</summary>
        public decimal? Number(QuoteSheetCell cell, out string? problem)
        {
            problem = null;
            return cell.Kind switch
            {
                QuoteSheetCellKind.Number => cell.Number,
                QuoteSheetCellKind.Text => QuoteSheetText.ParseNumber(cell.Text, out problem),
                _ => null,
            };
        }

        private static string Clean(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').Trim();
    }
}
