namespace RfqSender.Engine.Rfqs;

/// <summary>One problem in an RFQ definition (a YAML file or New-Rfq parameters), located precisely enough to fix it.</summary>
public sealed class RfqDefinitionError
{
    /// <summary>Creates an error about a field of an RFQ file.</summary>
    public RfqDefinitionError(string source, int? line, string? field, string message)
        : this(source, line, field, message, isParameter: false)
    {
    }

    internal RfqDefinitionError(string source, int? line, string? field, string message, bool isParameter)
    {
        Source = source;
        Line = line;
        Field = field;
        Message = message;
        IsParameter = isParameter;
    }

    /// <summary>The file path as given, or <c>New-Rfq</c> for an RFQ built from parameters.</summary>
    public string Source { get; }

    /// <summary>The 1-based line in the file, when the input is a file and the error has a place in it.</summary>
    public int? Line { get; }

    /// <summary>The key (e.g. <c>dueDate</c>, <c>items[2].quantity</c>) or parameter (e.g. <c>DueDate</c>) at fault.</summary>
    public string? Field { get; }

    /// <summary>What is wrong.</summary>
    public string Message { get; }

    internal bool IsParameter { get; }

    /// <summary><c>rfq.yaml:4: field 'dueDate': ...</c> or <c>New-Rfq: parameter -DueDate: ...</c></summary>
    public override string ToString()
    {
        var location = Line is int line ? $"{Source}:{line}" : Source;
        if (Field is null)
        {
            return $"{location}: {Message}";
        }

        var field = IsParameter ? $"parameter -{Field}" : $"field '{Field}'";
        return $"{location}: {field}: {Message}";
    }
}
