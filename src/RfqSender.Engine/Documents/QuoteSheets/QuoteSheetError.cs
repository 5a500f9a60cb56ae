namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>
/// Something in a returned quote sheet that keeps it from being read as it stands: the sheet and
/// cell (such as <c>Quote!F9</c>), what was expected there and what was found.
/// </summary>
public sealed class QuoteSheetError
{
    /// <summary>Creates an error.</summary>
    public QuoteSheetError(string sheet, string? cell, string expected, string found)
    {
        Sheet = sheet ?? throw new ArgumentNullException(nameof(sheet));
        Cell = cell;
        Expected = expected ?? throw new ArgumentNullException(nameof(expected));
        Found = found ?? throw new ArgumentNullException(nameof(found));
    }

    /// <summary>The worksheet's name (for a CSV, the name it was read under).</summary>
    public string Sheet { get; }

    /// <summary>The cell's address, such as <c>D7</c>; null when the error is about the whole file.</summary>
    public string? Cell { get; }

    /// <summary>What belongs there.</summary>
    public string Expected { get; }

    /// <summary>What the sheet holds there.</summary>
    public string Found { get; }

    /// <inheritdoc />
    public override string ToString() => (Cell is null ? Sheet : Sheet + "!" + Cell) + ": expected " + Expected + "; found " + Found;
}
