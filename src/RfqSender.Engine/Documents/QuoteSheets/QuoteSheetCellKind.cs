namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>What a cell of a returned sheet holds, as its file says.</summary>
internal enum QuoteSheetCellKind
{
    Empty,
    Text,
    Number,

    /// <summary>A number whose format shows it as a date (a date serial), or an ISO 8601 date cell.</summary>
    Date,
    Boolean,

    /// <summary>An error value, such as #VALUE!.</summary>
    Error,

    /// <summary>A formula whose result the file does not hold (the program that saved it never calculated it).</summary>
    UncalculatedFormula,
}
