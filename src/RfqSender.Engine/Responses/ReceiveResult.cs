namespace RfqSender.Engine.Responses;

/// <summary>What one read of a source did, counted.</summary>
public sealed class ReceiveResult
{
    /// <summary>The source read.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>Messages the source handed over (not recorded before by their source id).</summary>
    public int Read { get; set; }

    /// <summary>Messages recorded now.</summary>
    public int Recorded { get; set; }

    /// <summary>Messages the store held already (the same Message-ID read from elsewhere): nothing changed.</summary>
    public int AlreadyRecorded { get; set; }

    /// <summary>Messages that could not be parsed: not recorded, read again next time.</summary>
    public int Unreadable { get; set; }

    /// <summary>Of those recorded, replies (answers).</summary>
    public int Replies { get; set; }

    /// <summary>Of those recorded, bounces (permanent or transient).</summary>
    public int Bounces { get; set; }

    /// <summary>Of those recorded, auto-replies (out of office and others) and mailing-list messages.</summary>
    public int AutoReplies { get; set; }

    /// <summary>Of those recorded, the ones no delivery (or several) matched: to assign by hand.</summary>
    public int Unmatched { get; set; }

    /// <summary>Deliveries whose state changed (to Responded, or to Failed for a permanent bounce).</summary>
    public int DeliveriesChanged { get; set; }

    /// <summary>Quote sheets the recorded replies brought back and that were read into quote lines.</summary>
    public int Quotes { get; set; }

    /// <summary>Quote sheets the recorded replies brought back that were altered or damaged: kept for review.</summary>
    public int QuotesForReview { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Source}: {Read} read, {Recorded} recorded ({Replies} replies, {Bounces} bounces, {AutoReplies} auto-replies, {Unmatched} unmatched), {AlreadyRecorded} known, {Unreadable} unreadable, {DeliveriesChanged} deliveries changed"
        + (Quotes + QuotesForReview > 0 ? $", {Quotes} quote sheets read, {QuotesForReview} for review" : string.Empty);
}
