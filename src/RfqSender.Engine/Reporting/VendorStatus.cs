namespace RfqSender.Engine.Reporting;

/// <summary>Where a vendor stands in a campaign, in the buyer's words (one per vendor, from its delivery and what it sent back).</summary>
public enum VendorStatus
{
    /// <summary>The vendor answered (its delivery is Responded).</summary>
    Answered,

    /// <summary>The message reached the vendor's server and nothing came back yet.</summary>
    Silent,

    /// <summary>Sent, and an out-of-office reply says the vendor is away (until a date that has not passed, or no date).</summary>
    Away,

    /// <summary>A permanent bounce came back: the address does not take mail.</summary>
    Bounced,

    /// <summary>The message could not be sent (refused, or given up after retries).</summary>
    Failed,

    /// <summary>The message may or may not have reached the server (the sender died while sending it).</summary>
    InDoubt,

    /// <summary>Not sent yet: queued, deferred to a later attempt or being sent.</summary>
    Pending,

    /// <summary>Left out by hand.</summary>
    Skipped,
}
