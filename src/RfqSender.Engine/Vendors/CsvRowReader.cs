using System.Text;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Reads delimited text (RFC 4180 quoting, leniently) row by row, tracking the physical line
/// where each row starts even when quoted values span lines.
/// </summary>
internal sealed class CsvRowReader
{
    private readonly string text;
    private readonly char delimiter;
    private int position;
    private int line = 1;

    public CsvRowReader(string text, char delimiter)
    {
        this.text = text;
        this.delimiter = delimiter;
    }

    /// <summary>The line where a quoted value that is never closed starts; reading stops there.</summary>
    public int? UnclosedQuoteLine { get; private set; }

    /// <summary>The 0-based column of the unclosed quoted value.</summary>
    public int UnclosedQuoteColumn { get; private set; }

    /// <summary>Detects the delimiter: the most frequent of comma, semicolon and tab outside quotes on the header line.</summary>
    public static char DetectDelimiter(string text)
    {
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        int commas = 0, semicolons = 0, tabs = 0;
        var inQuotes = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && (c == '\r' || c == '\n'))
            {
                break;
            }
            else if (!inQuotes)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        if (tabs > commas && tabs >= semicolons)
        {
            return '\t';
        }

        return semicolons > commas ? ';' : ',';
    }

    /// <summary>The next row, or null at the end of the text or at an unclosed quote.</summary>
    public CsvRow? ReadRow()
    {
        if (position >= text.Length || UnclosedQuoteLine is not null)
        {
            return null;
        }

        var startLine = line;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (true)
        {
            field.Clear();
            var look = position;
            while (look < text.Length && text[look] == ' ')
            {
                look++;
            }

            if (look < text.Length && text[look] == '"')
            {
                position = look + 1;
                if (!ReadQuoted(field))
                {
                    UnclosedQuoteColumn = fields.Count;
                    return null;
                }
            }

            // Unquoted text, or text after a closing quote (kept, as spreadsheet programs do).
            while (position < text.Length && text[position] != delimiter && text[position] != '\r' && text[position] != '\n')
            {
                field.Append(text[position++]);
            }

            fields.Add(field.ToString());
            if (position >= text.Length)
            {
                return new CsvRow(startLine, fields);
            }

            if (text[position] == delimiter)
            {
                position++;
                continue;
            }

            SkipLineBreak();
            return new CsvRow(startLine, fields);
        }
    }

    private bool ReadQuoted(StringBuilder field)
    {
        var quoteLine = line;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '"')
            {
                if (position + 1 < text.Length && text[position + 1] == '"')
                {
                    field.Append('"');
                    position += 2;
                    continue;
                }

                position++;
                return true;
            }

            if (c == '\r' || c == '\n')
            {
                SkipLineBreak();
                field.Append('\n');
                continue;
            }

            field.Append(c);
            position++;
        }

        UnclosedQuoteLine = quoteLine;
        return false;
    }

    private void SkipLineBreak()
    {
        position += text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1;
        line++;
    }
}
