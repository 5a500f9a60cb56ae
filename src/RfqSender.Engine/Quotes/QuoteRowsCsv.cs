using System.Globalization;
using System.Text;
using RfqSender.Engine.Documents;

namespace RfqSender.Engine.Quotes;

/// <summary>Quote rows as CSV, the columns <see cref="QuoteRow"/> has (as <c>Export-Csv</c> writes them), invariant numbers, ISO dates.</summary>
public static class QuoteRowsCsv
{
    /// <summary>The columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = new[]
    {
        "RfqNumber", "VendorKey", "VendorName", "Status", "Line", "Part", "Quantity", "Unit", "UnitPrice", "Currency",
        "LineTotal", "LeadTimeDays", "ValidUntil", "Remarks", "IsLowest", "Problem", "FileName", "ReceivedAt",
    };

    /// <summary>Writes a header and a row per quote row.</summary>
    public static void Write(IEnumerable<QuoteRow> rows, TextWriter output)
    {
        if (rows is null || output is null)
        {
            throw new ArgumentNullException(rows is null ? nameof(rows) : nameof(output));
        }

        static string N(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        var sb = new StringBuilder();
        CsvText.AppendRow(sb, Columns.ToArray());
        foreach (var r in rows)
        {
            CsvText.AppendRow(
                sb,
                r.RfqNumber,
                r.VendorKey,
                r.VendorName,
                r.Status.ToString(),
                r.Problem is null ? r.Line.ToString(CultureInfo.InvariantCulture) : string.Empty,
                r.Part,
                N(r.Quantity),
                r.Unit,
                N(r.UnitPrice),
                r.Currency ?? string.Empty,
                N(r.LineTotal),
                r.LeadTimeDays?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                r.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
                r.Remarks ?? string.Empty,
                r.Problem is null ? (r.IsLowest ? "True" : "False") : string.Empty,
                r.Problem ?? string.Empty,
                r.FileName,
                r.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        output.Write(sb.ToString());
    }
}
