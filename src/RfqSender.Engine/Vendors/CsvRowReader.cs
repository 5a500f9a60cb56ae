using System.Text;

namespace RfqSender.Engine.Vendors;

/// <summary>
/// Reads delimited text (RFC 4180 quoting, leniently) row by row, tracking the physical line
/// where each row starts even when quoted values span lines.
/// </summary>
internal sealed class CsvRowReader
{
    private readonly CharSource source;
    private readonly char delimiter;
    private int line = 1;

    public CsvRowReader(string text, char delimiter)
        : this(new CharSource(text), delimiter)
    {
    }

    public CsvRowReader(CharSource source, char delimiter)
    {
        this.source = source;
        this.delimiter = delimiter;
    }

    /// <summary>The line where a quoted value that is never closed starts; reading stops there.</summary>
    public int? UnclosedQuoteLine { get; private set; }

    /// <summary>The 0-based column of the unclosed quoted value.</summary>
    public int UnclosedQuoteColumn { get; private set; }

    /// <summary>Detects the delimiter: the most frequent of comma, semicolon and tab outside quotes on the header line.</summary>
    public static char DetectDelimiter(string text) => DetectDelimiter(new CharSource(text));

    /// <summary>Detects the delimiter from the header line, without consuming anything.</summary>
    public static char DetectDelimiter(CharSource source)
    {
        var i = 0;
        while (source.Peek(i) is >= 0 and var w && char.IsWhiteSpace((char)w))
        {
            i++;
        }

        int commas = 0, semicolons = 0, tabs = 0;
        var inQuotes = false;
        for (; source.Peek(i) is >= 0 and var next; i++)
        {
            var c = (char)next;
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
        if (source.Peek() < 0 || UnclosedQuoteLine is not null)
        {
            return null;
        }

        var startLine = line;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (true)
        {
            field.Clear();
            var look = 0;
            while (source.Peek(look) == ' ')
            {
                look++;
            }

            if (source.Peek(look) == '"')
            {
                source.Advance(look + 1);
                if (!ReadQuoted(field))
                {
                    UnclosedQuoteColumn = fields.Count;
                    return null;
                }
            }

            // Unquoted text, or text after a closing quote (kept, as spreadsheet programs do).
            while (source.Peek() is >= 0 and var c && c != delimiter && c != '\r' && c != '\n')
            {
                field.Append((char)c);
                source.Advance();
            }

            fields.Add(field.ToString());
            var next = source.Peek();
            if (next < 0)
            {
                return new CsvRow(startLine, fields);
            }

            if (next == delimiter)
            {
                source.Advance();
                continue;
            }

            SkipLineBreak();
            return new CsvRow(startLine, fields);
        }
    }

    private bool ReadQuoted(StringBuilder field)
    {
        var quoteLine = line;
        while (source.Peek() is >= 0 and var next)
        {
            var c = (char)next;
            if (c == '"')
            {
                if (source.Peek(1) == '"')
                {
                    field.Append('"');
                    source.Advance(2);
                    continue;
                }

                source.Advance();
                return true;
            }

            if (c == '\r' || c == '\n')
            {
                SkipLineBreak();
                field.Append('\n');
                continue;
            }

            field.Append(c);
            source.Advance();
        }

        UnclosedQuoteLine = quoteLine;
        return false;
    }

    private void SkipLineBreak()
    {
        source.Advance(source.Peek() == '\r' && source.Peek(1) == '\n' ? 2 : 1);
        line++;
    }
}
