namespace RfqSender.Engine.Responses;

/// <summary>A delivery an inbound message may answer: what <see cref="ReplyMatcher"/> compares a message with.</summary>
public sealed class ReplyCandidate
{
    /// <summary>The store's id of the delivery.</summary>
    public long DeliveryId { get; init; }

    /// <summary>The vendor's stable key.</summary>
    public string VendorKey { get; init; } = string.Empty;

    /// <summary>The vendor's name.</summary>
    public string VendorName { get; init; } = string.Empty;

    /// <summary>The addresses the delivery went to (To).</summary>
    public IReadOnlyList<string> To { get; init; } = Array.Empty<string>();

    /// <summary>The addresses the delivery went to (Cc).</summary>
    public IReadOnlyList<string> Cc { get; init; } = Array.Empty<string>();

    /// <summary>The delivery's Message-ID (with or without angle brackets).</summary>
    public string MessageId { get; init; } = string.Empty;

    /// <summary>The delivery's reference token (<see cref="DeliveryReference"/>), or null when it has none.</summary>
    public string? Reference { get; init; }

    /// <summary><c>vendor name [key] #id</c>.</summary>
    public override string ToString() => $"{VendorName} [{VendorKey}] #{DeliveryId}";
}
