using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Sending;

/// <summary>The result of one test message: whose message it was, where it went, and what the transport said.</summary>
public sealed class TestSendResult
{
    /// <summary>The RFQ number.</summary>
    public string RfqNumber { get; init; } = string.Empty;

    /// <summary>The key of the vendor whose message was sent as a test.</summary>
    public string VendorKey { get; init; } = string.Empty;

    /// <summary>The vendor's name.</summary>
    public string Vendor { get; init; } = string.Empty;

    /// <summary>The test recipients the message went to, separated by "; " (never the vendor).</summary>
    public string SentTo { get; init; } = string.Empty;

    /// <summary>The vendor's own recipients (To, then Cc), who did not get it, separated by "; ".</summary>
    public string VendorRecipients { get; init; } = string.Empty;

    /// <summary>The subject of the test message, with its <c>[TEST]</c> prefix.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The test message's own Message-ID (not the delivery's).</summary>
    public string MessageId { get; init; } = string.Empty;

    /// <summary>What the transport made of it: Sent, Transient, Permanent or InDoubt.</summary>
    public TransportOutcomeKind Outcome { get; init; }

    /// <summary>The transport's words, or the file written.</summary>
    public string? Detail { get; init; }

    /// <summary>When the transport answered.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>True when the transport took the message.</summary>
    public bool Sent => Outcome == TransportOutcomeKind.Sent;
}
