using System.Text;

namespace RfqSender.Engine.Documents;

/// <summary>CSV as the files RfqSender writes have it: RFC 4180 quoting, CRLF rows, and no cell a spreadsheet would run as a formula.</summary>
internal static class CsvText
{
    private static readonly char[] NeedsQuotes = { ',', ';', '"', '\r', '\n', '\t' };

    /// <summary>
    /// What a spreadsheet program would take for a formula (text starting with =, +, -, @ or a
    /// control character) starts with an apostrophe in a CSV, so opening the file runs nothing.
    /// </summary>
    public static string Safe(string value) =>
        value.Length > 0 && (value[0] is '=' or '+' or '-' or '@' || char.IsControl(value[0])) ? "'" + value : value;

    /// <summary>Appends one row of <paramref name="fields"/>, each made safe and quoted when it must be.</summary>
    public static void AppendRow(StringBuilder sb, params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var value = Safe(fields[i]);
            if (value.IndexOfAny(NeedsQuotes) >= 0 || value.Trim().Length != value.Length)
            {
                sb.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
            }
            else
            {
                sb.Append(value);
            }
        }

        sb.Append("\r\n");
    }
}
