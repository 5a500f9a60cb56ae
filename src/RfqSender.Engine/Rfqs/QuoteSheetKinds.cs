namespace RfqSender.Engine.Rfqs;

/// <summary>Which quote sheets each vendor's message carries (<c>quoteSheet:</c> in the RFQ file, <c>New-Rfq -QuoteSheet</c>).</summary>
[Flags]
public enum QuoteSheetKinds
{
    /// <summary>No quote sheet.</summary>
    None = 0,

    /// <summary>An XLSX workbook made for the vendor.</summary>
    Xlsx = 1,

    /// <summary>A CSV file made for the vendor.</summary>
    Csv = 2,

    /// <summary>Both.</summary>
    Both = Xlsx | Csv,
}
