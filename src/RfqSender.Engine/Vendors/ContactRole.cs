namespace RfqSender.Engine.Vendors;

/// <summary>How a contact receives a vendor's RFQ.</summary>
public enum ContactRole
{
    /// <summary>A primary recipient (To).</summary>
    To,

    /// <summary>A copied recipient (Cc).</summary>
    Cc,
}
