namespace RfqSender.Engine.Vendors;

/// <summary>The format of a vendor file.</summary>
public enum VendorFileFormat
{
    /// <summary>Delimited text: comma, semicolon or tab separated, with a header line.</summary>
    Csv,

    /// <summary>YAML: a list of vendor maps, or a map with a <c>vendors</c> list.</summary>
    Yaml,

    /// <summary>JSON: an array of vendor objects, or an object with a <c>vendors</c> array.</summary>
    Json,
}
