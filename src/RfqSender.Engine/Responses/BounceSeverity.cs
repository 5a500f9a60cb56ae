namespace RfqSender.Engine.Responses;

/// <summary>What a delivery status report means for the delivery it reports on.</summary>
public enum BounceSeverity
{
    /// <summary>Not a failure: delivered, relayed or expanded (a success notice), or nothing could be read.</summary>
    None,

    /// <summary>A 4.x.x status or a delayed action: recorded, not final; the receiving side may still deliver, a later send may succeed.</summary>
    Transient,

    /// <summary>Action failed with a 5.x.x status (or without a status): the address does not take the message; final.</summary>
    Permanent,
}
