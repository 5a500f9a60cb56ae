namespace RfqSender.Engine.Tracking;

/// <summary>The state of one vendor's delivery in a campaign (see the state machine in DESIGN.md).</summary>
public enum DeliveryState
{
    /// <summary>Registered, waiting to be sent.</summary>
    Queued,

    /// <summary>Claimed by a sender (under a lease) and being sent now.</summary>
    Sending,

    /// <summary>Accepted by the transport.</summary>
    Sent,

    /// <summary>Failed transiently; due again at its next attempt time.</summary>
    Deferred,

    /// <summary>Refused for good; the reason is kept.</summary>
    Failed,

    /// <summary>The message may have reached the server; the user decides whether to resend.</summary>
    InDoubt,

    /// <summary>The vendor answered.</summary>
    Responded,

    /// <summary>Excluded by the user or by validation.</summary>
    Skipped,
}
