using System.Text;

namespace RfqSender.Engine.Vendors;

/// <summary>How vendor input is read and which vendors are kept.</summary>
public sealed class VendorReadOptions
{
    /// <summary>
    /// Keep only vendors having at least one of these categories (case-insensitive), after
    /// duplicates are merged. Null or empty keeps every vendor. Every record is still validated.
    /// </summary>
    public IReadOnlyCollection<string>? Categories { get; set; }

    /// <summary>
    /// The file's text encoding. Null detects it: a byte order mark (UTF-8, UTF-16 LE/BE), else
    /// UTF-8 when the bytes are valid UTF-8, else Windows-1252.
    /// </summary>
    public Encoding? Encoding { get; set; }

    /// <summary>The CSV delimiter. Null detects comma, semicolon or tab from the header line.</summary>
    public char? Delimiter { get; set; }

    /// <summary>The file format. Null picks it from the file extension.</summary>
    public VendorFileFormat? Format { get; set; }
}
