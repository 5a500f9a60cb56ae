using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tracking;

/// <summary>A filter over the inbound messages a store recorded; every filter set must hold. Unmatched messages belong to no campaign.</summary>
public sealed class InboundQuery
{
    /// <summary>Only the message with this record id, when set.</summary>
    public long? Id { get; set; }

    /// <summary>Only the message with this Message-ID (without angle brackets), when set.</summary>
    public string? MessageId { get; set; }

    /// <summary>Only messages matched to deliveries of this campaign, when set.</summary>
    public string? RfqNumber { get; set; }

    /// <summary>Only messages matched to these vendors (case ignored), when set.</summary>
    public IReadOnlyCollection<string>? VendorKeys { get; set; }

    /// <summary>Only messages of these kinds, when set.</summary>
    public IReadOnlyCollection<ReplyKind>? Kinds { get; set; }

    /// <summary>True: only matched messages; false: only unmatched ones; null: both.</summary>
    public bool? Matched { get; set; }

    /// <summary>Only records with an id greater than this (for paging).</summary>
    public long AfterId { get; set; }

    /// <summary>At most this many, in the order they were recorded; null for all.</summary>
    public int? Max { get; set; }
}
