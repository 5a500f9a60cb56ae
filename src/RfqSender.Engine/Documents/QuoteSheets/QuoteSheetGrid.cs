namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>The cells of a returned sheet by row and column (both 1-based), whatever file they came from.</summary>
internal sealed class QuoteSheetGrid
{
    private readonly Dictionary<long, QuoteSheetCell> _cells = new();

    public QuoteSheetGrid(string sheetName)
    {
        SheetName = sheetName;
    }

    /// <summary>The name errors give as the sheet: the worksheet's name, or the CSV's.</summary>
    public string SheetName { get; }

    /// <summary>The hidden sheet's copy of the reference, when the workbook still has it.</summary>
    public string? HiddenReference { get; set; }

    /// <summary>The rows that hold a cell that is not blank, in order.</summary>
    public IEnumerable<int> Rows => _cells.Where(c => !c.Value.IsBlank).Select(c => (int)(c.Key >> 20)).Distinct().OrderBy(r => r);

    public QuoteSheetCell this[int row, int column] => _cells.TryGetValue(Key(row, column), out var cell) ? cell : QuoteSheetCell.Empty;

    public void Set(int row, int column, QuoteSheetCell cell) => _cells[Key(row, column)] = cell;

    /// <summary>The columns of a row that hold a cell that is not blank, in order.</summary>
    public IEnumerable<int> ColumnsOf(int row) =>
        _cells.Where(c => (int)(c.Key >> 20) == row && !c.Value.IsBlank).Select(c => (int)(c.Key & 0xFFFFF)).OrderBy(c => c);

    private static long Key(int row, int column) => ((long)row << 20) | (uint)column;
}
