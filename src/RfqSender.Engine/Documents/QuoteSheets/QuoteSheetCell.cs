namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>One cell of a returned sheet: its kind and its value as the file holds it.</summary>
internal sealed class QuoteSheetCell
{
    public static readonly QuoteSheetCell Empty = new(QuoteSheetCellKind.Empty, string.Empty);

    public QuoteSheetCell(QuoteSheetCellKind kind, string text, decimal? number = null, DateTime? date = null)
    {
        Kind = kind;
        Text = text;
        Number = number;
        Date = date;
    }

    public QuoteSheetCellKind Kind { get; }

    /// <summary>The text of a text cell; for other kinds what the file holds, to quote in an error.</summary>
    public string Text { get; }

    /// <summary>The value of a number cell.</summary>
    public decimal? Number { get; }

    /// <summary>The value of a date cell (its time of day included, if any).</summary>
    public DateTime? Date { get; }

    /// <summary>True for an empty cell and for a text cell of white space only.</summary>
    public bool IsBlank => Kind == QuoteSheetCellKind.Empty || (Kind == QuoteSheetCellKind.Text && Text.Trim().Length == 0);

    /// <summary>How the cell is quoted in an error: "empty", "the text '12 EUR'", "the number -5", ...</summary>
    public string Describe() => Kind switch
    {
        QuoteSheetCellKind.Empty => "an empty cell",
        QuoteSheetCellKind.Text when Text.Trim().Length == 0 => "only white space",
        QuoteSheetCellKind.Text => "the text '" + Shorten(Text) + "'",
        QuoteSheetCellKind.Number => "the number " + Text,
        QuoteSheetCellKind.Date => "the date " + Text,
        QuoteSheetCellKind.Boolean => "the truth value " + Text,
        QuoteSheetCellKind.Error => "the error value " + Text,
        _ => "the formula " + Shorten(Text) + " without a calculated value",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";
}
