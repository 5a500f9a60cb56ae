namespace RfqSender.Engine.Responses;

/// <summary>The <c>Action</c> of a recipient in a delivery status report (RFC 3464, section 2.3.3).</summary>
public enum DeliveryStatusAction
{
    /// <summary>Absent or not one of the defined values.</summary>
    Unknown,

    /// <summary>The message could not be delivered and will not be tried again.</summary>
    Failed,

    /// <summary>Delivery is delayed; the reporting server keeps trying.</summary>
    Delayed,

    /// <summary>The message was delivered.</summary>
    Delivered,

    /// <summary>The message was relayed to a system that does not report.</summary>
    Relayed,

    /// <summary>The message was delivered to a list that expanded it.</summary>
    Expanded,
}
