namespace RfqSender.Engine.Vendors;

/// <summary>What an input column (header, key, property) means to the vendor mapper.</summary>
internal enum VendorColumn
{
    /// <summary>Not a known column: kept as a free field of the vendor.</summary>
    Unknown,

    /// <summary>The vendor's stable key.</summary>
    Key,

    /// <summary>The vendor's name.</summary>
    Name,

    /// <summary>To addresses.</summary>
    Email,

    /// <summary>Cc addresses.</summary>
    Cc,

    /// <summary>The display name of the first To contact.</summary>
    ContactName,

    /// <summary>Categories, groups or tags.</summary>
    Category,
}
