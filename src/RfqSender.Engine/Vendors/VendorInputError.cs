namespace RfqSender.Engine.Vendors;

/// <summary>One problem found in vendor input, located precisely enough to fix it.</summary>
public sealed class VendorInputError
{
    /// <summary>Creates an error.</summary>
    public VendorInputError(string source, int? line, string? field, string? vendor, string message)
    {
        Source = source;
        Line = line;
        Field = field;
        Vendor = vendor;
        Message = message;
    }

    /// <summary>The file path, or a description such as <c>pipeline item 4</c>.</summary>
    public string Source { get; }

    /// <summary>The 1-based line in the file where the record starts, when the input is a file.</summary>
    public int? Line { get; }

    /// <summary>The field (column or key) at fault, as written in the input, when one is.</summary>
    public string? Field { get; }

    /// <summary>The vendor's name when it is known.</summary>
    public string? Vendor { get; }

    /// <summary>What is wrong.</summary>
    public string Message { get; }

    /// <summary><c>vendors.csv:12: field 'Email' (vendor 'Acme'): ...</c></summary>
    public override string ToString()
    {
        var location = Line is int line ? $"{Source}:{line}" : Source;
        var field = Field is null ? string.Empty : $" field '{Field}'";
        var vendor = Vendor is null ? string.Empty : $" (vendor '{Vendor}')";
        return $"{location}:{field}{vendor}: {Message}".Replace(":: ", ": ");
    }
}
