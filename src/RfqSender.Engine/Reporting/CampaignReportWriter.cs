using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using RfqSender.Engine.Documents;

namespace RfqSender.Engine.Reporting;

/// <summary>Writes a <see cref="CampaignReport"/> in a <see cref="ReportFormat"/>: the same figures in each.</summary>
public static class CampaignReportWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The columns of the CSV, one row per vendor.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } = new[]
    {
        "RfqNumber", "VendorKey", "VendorName", "To", "Categories", "Status", "State", "Attempts",
        "SentAt", "Reminders", "LastReminderAt", "AnsweredAt", "HoursToAnswer", "Replies", "Files", "Quote", "AwayUntil", "Detail",
    };

    /// <summary>The format a file name's extension asks for (.csv, .json, else HTML).</summary>
    public static ReportFormat FormatOf(string path) =>
        Path.GetExtension(path ?? string.Empty).ToLowerInvariant() switch
        {
            ".csv" => ReportFormat.Csv,
            ".json" => ReportFormat.Json,
            _ => ReportFormat.Html,
        };

    /// <summary>Writes the report (UTF-8; the CSV with a byte order mark, so spreadsheet programs read it right).</summary>
    public static void Write(CampaignReport report, ReportFormat format, Stream output)
    {
        if (report is null || output is null)
        {
            throw new ArgumentNullException(report is null ? nameof(report) : nameof(output));
        }

        using var writer = new StreamWriter(output, new UTF8Encoding(format == ReportFormat.Csv), 1 << 16, leaveOpen: true);
        Write(report, format, writer);
    }

    /// <summary>Writes the report as text.</summary>
    public static void Write(CampaignReport report, ReportFormat format, TextWriter output)
    {
        if (report is null || output is null)
        {
            throw new ArgumentNullException(report is null ? nameof(report) : nameof(output));
        }

        switch (format)
        {
            case ReportFormat.Html:
                HtmlReportWriter.Write(report, output);
                break;
            case ReportFormat.Csv:
                WriteCsv(report, output);
                break;
            case ReportFormat.Json:
                output.Write(JsonSerializer.Serialize(report, JsonOptions));
                output.Write('\n');
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "No such report format.");
        }

        output.Flush();
    }

    private static void WriteCsv(CampaignReport report, TextWriter output)
    {
        var sb = new StringBuilder();
        CsvText.AppendRow(sb, CsvColumns.ToArray());
        foreach (var v in report.Vendors)
        {
            CsvText.AppendRow(
                sb,
                report.RfqNumber,
                v.VendorKey,
                v.VendorName,
                string.Join("; ", v.To),
                string.Join("; ", v.Categories),
                v.Status.ToString(),
                v.State.ToString(),
                v.Attempts.ToString(CultureInfo.InvariantCulture),
                ReportText.Iso(v.SentAt),
                v.Reminders.ToString(CultureInfo.InvariantCulture),
                ReportText.Iso(v.LastReminderAt),
                ReportText.Iso(v.AnsweredAt),
                ReportText.Hours(v.TimeToAnswer),
                v.Replies.ToString(CultureInfo.InvariantCulture),
                v.Attachments.ToString(CultureInfo.InvariantCulture),
                v.Quote ?? string.Empty,
                ReportText.Date(v.AwayUntil),
                v.Detail ?? string.Empty);
            if (sb.Length > 1 << 16)
            {
                output.Write(sb.ToString());
                sb.Clear();
            }
        }

        output.Write(sb.ToString());
    }
}
