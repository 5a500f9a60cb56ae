namespace RfqSender.Engine.Responses;

/// <summary>The result of matching an inbound message: the delivery and the method, or why there is none.</summary>
public sealed class ReplyMatch
{
    /// <summary>The delivery the message belongs to, or null when it is unmatched.</summary>
    public ReplyCandidate? Delivery { get; init; }

    /// <summary>How it was matched; None when unmatched.</summary>
    public ReplyMatchMethod Method { get; init; }

    /// <summary>True when a delivery was found.</summary>
    public bool IsMatched => Delivery is not null;

    /// <summary>True for a match on the sender's domain alone, which a person should confirm.</summary>
    public bool IsWeak => Method == ReplyMatchMethod.SenderDomain;

    /// <summary>What matched (the Message-ID, token or address), or null when unmatched.</summary>
    public string? Evidence { get; init; }

    /// <summary>Why it matched, or why it did not (nothing matched, or several vendors did).</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>When several vendors (or deliveries) fit equally, the ones that did; empty otherwise.</summary>
    public IReadOnlyList<ReplyCandidate> Contenders { get; init; } = Array.Empty<ReplyCandidate>();

    /// <summary>The method and delivery, or the reason.</summary>
    public override string ToString() => IsMatched ? $"{Method}: {Delivery}" : "Unmatched: " + Reason;
}
