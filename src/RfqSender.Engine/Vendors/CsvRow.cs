namespace RfqSender.Engine.Vendors;

/// <summary>One CSV record: its fields and the physical line where it starts.</summary>
internal sealed class CsvRow
{
    public CsvRow(int line, IReadOnlyList<string> fields)
    {
        Line = line;
        Fields = fields;
    }

    public int Line { get; }

    public IReadOnlyList<string> Fields { get; }

    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}
