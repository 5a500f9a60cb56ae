using System.Globalization;
using System.Text;

namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>
/// Where everything lies on a quote sheet, the same in XLSX and CSV (so a cell address means the
/// same cell in both): the RFQ block in rows 1 to 6 (label in A, value in B), the table's header in
/// row 8, and one row per line item from row 9 in the RFQ's order.
/// </summary>
internal static class QuoteSheetLayout
{
    public const string SheetName = "Quote";

    /// <summary>The hidden sheet that holds a second copy of the reference.</summary>
    public const string ReferenceSheetName = "RfqSender";

    public const int NumberRow = 1;
    public const int TitleRow = 2;
    public const int DueRow = 3;
    public const int VendorRow = 4;
    public const int VendorKeyRow = 5;
    public const int ReferenceRow = 6;
    public const int InstructionRow = 7;
    public const int HeaderRow = 8;
    public const int FirstItemRow = 9;

    public const int LineColumn = 1;
    public const int PartColumn = 2;
    public const int DescriptionColumn = 3;
    public const int QuantityColumn = 4;
    public const int UnitColumn = 5;
    public const int PriceColumn = 6;
    public const int CurrencyColumn = 7;
    public const int LeadTimeColumn = 8;
    public const int ValidUntilColumn = 9;
    public const int RemarksColumn = 10;

    public const string Instruction = "Fill in the yellow columns: unit price, currency (such as EUR), lead time in days, valid until (a date), remarks. Leave the price empty for an item you do not quote. Do not move, add or delete rows.";

    /// <summary>The labels of column A in rows 1 to 6.</summary>
    public static IReadOnlyList<string> BlockLabels { get; } = new[] { "RFQ", "Title", "Due date", "Vendor", "Vendor key", "Reference" };

    /// <summary>The header of the table, columns A to J.</summary>
    public static IReadOnlyList<string> Headers { get; } = new[]
    {
        "Line", "Part", "Description", "Quantity", "Unit", "Unit price", "Currency", "Lead time (days)", "Valid until", "Remarks",
    };

    public static int LastColumn => Headers.Count;

    public static int ItemRow(int index) => FirstItemRow + index;

    /// <summary>The address of a cell, such as D9 (1-based row and column).</summary>
    public static string Address(int row, int column) => ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);

    public static string ColumnName(int column)
    {
        var sb = new StringBuilder();
        for (var c = column; c > 0; c = (c - 1) / 26)
        {
            sb.Insert(0, (char)('A' + ((c - 1) % 26)));
        }

        return sb.ToString();
    }

    /// <summary>Reads an address such as D9 (column letters, then the row); false for anything else.</summary>
    public static bool TryParseAddress(string? address, out int row, out int column)
    {
        row = 0;
        column = 0;
        var i = 0;
        var text = address ?? string.Empty;
        while (i < text.Length && text[i] is >= 'A' and <= 'Z' or >= 'a' and <= 'z')
        {
            column = (column * 26) + (char.ToUpperInvariant(text[i]) - 'A' + 1);
            i++;
            if (column > 16384)
            {
                return false;
            }
        }

        return i > 0 && i < text.Length
            && int.TryParse(text.Substring(i), NumberStyles.None, CultureInfo.InvariantCulture, out row)
            && row > 0;
    }

    /// <summary>How a due date is shown: its own offset, to the minute.</summary>
    public static string DueDateText(DateTimeOffset due) => due.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    /// <summary>A quantity without trailing zeros (40, not 40.0), in invariant form.</summary>
    public static string QuantityText(decimal quantity) => Normalize(quantity).ToString(CultureInfo.InvariantCulture);

    /// <summary>The same value without trailing zeros of its scale.</summary>
    public static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;
}
