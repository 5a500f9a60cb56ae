namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>The file format of a quote sheet.</summary>
public enum QuoteSheetFormat
{
    /// <summary>An Excel workbook (Office Open XML, <c>.xlsx</c>): typed, validated, protected input cells.</summary>
    Xlsx,

    /// <summary>Comma-separated text (<c>.csv</c>, UTF-8 with a byte order mark): the same rows and columns, untyped.</summary>
    Csv,
}
