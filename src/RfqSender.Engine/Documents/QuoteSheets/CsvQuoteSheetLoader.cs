using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>
/// Loads a returned CSV quote sheet into a <see cref="QuoteSheetGrid"/>: every value a text cell,
/// at the row and column a spreadsheet program shows it in. The delimiter is the one that follows
/// the first cell (<c>RFQ</c>): a comma as written, or the semicolon or tab a spreadsheet program
/// saves with in some locales.
/// </summary>
internal static class CsvQuoteSheetLoader
{
    public static QuoteSheetGrid? Load(byte[] bytes, string sheetName, out string? problem)
    {
        problem = null;
        var text = VendorTextDecoder.Decode(bytes, null);
        if (text.IndexOf('\0') >= 0)
        {
            problem = VendorTextDecoder.NulBytesMessage;
            return null;
        }

        var label = QuoteSheetLayout.BlockLabels[0];
        var start = text.TrimStart();
        if (start.StartsWith("\"", StringComparison.Ordinal))
        {
            start = start.Substring(1).Replace("\"\"", "\"");
            start = start.StartsWith(label + "\"", StringComparison.OrdinalIgnoreCase) ? start.Remove(label.Length, 1) : start;
        }

        if (!start.StartsWith(label, StringComparison.OrdinalIgnoreCase) || start.Length <= label.Length || start[label.Length] is not (',' or ';' or '\t'))
        {
            problem = $"the CSV does not begin with the cell '{label}' and the RFQ number beside it, so it is not a quote sheet (or its first row was changed)";
            return null;
        }

        var reader = new CsvRowReader(text, start[label.Length]);
        var grid = new QuoteSheetGrid(sheetName);
        var row = 0;
        while (reader.ReadRow() is { } record)
        {
            row++;
            for (var column = 0; column < record.Fields.Count; column++)
            {
                if (record.Fields[column].Length > 0)
                {
                    grid.Set(row, column + 1, new QuoteSheetCell(QuoteSheetCellKind.Text, record.Fields[column]));
                }
            }
        }

        if (reader.UnclosedQuoteLine is { } line)
        {
            problem = $"a quoted value that starts on line {line} (row {row + 1}) is never closed";
            return null;
        }

        return grid;
    }
}
