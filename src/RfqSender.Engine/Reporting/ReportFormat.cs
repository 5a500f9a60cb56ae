namespace RfqSender.Engine.Reporting;

/// <summary>How a campaign report is written.</summary>
public enum ReportFormat
{
    /// <summary>One self-contained HTML page (no script, no network access) to open, print or forward.</summary>
    Html,

    /// <summary>One CSV row per vendor, for a spreadsheet.</summary>
    Csv,

    /// <summary>The whole report as one JSON document, for scripts.</summary>
    Json,
}
