namespace RfqSender.Engine.Tracking;

/// <summary>
/// The reading side of a store: inbound messages (replies, bounces, auto-replies) recorded once each
/// with what they did to their deliveries, how far each mailbox source was read, and the store's
/// secret for delivery reference tokens. What a message does to a delivery is decided by
/// <see cref="DeliveryTransitionRules.DecideInbound"/>; a store only executes it.
/// </summary>
public interface IInboundStore
{
    /// <summary>
    /// The store's secret for <see cref="Responses.DeliveryReference"/> tokens: the one it holds, or
    /// <paramref name="proposed"/>, stored now when it holds none, so every sender and reader of the
    /// store agrees on one. Never log or show it.
    /// </summary>
    Task<byte[]> GetReferenceSecretAsync(byte[] proposed, CancellationToken cancellationToken);

    /// <summary>
    /// Records an inbound message and executes <paramref name="change"/> (only while its delivery is still
    /// in <see cref="DeliveryStateChange.From"/>, recorded as a change), in one transaction. A message
    /// the store holds already, by Message-ID or by source and source id, is not recorded again and
    /// changes nothing.
    /// </summary>
    Task<InboundRecordResult> RecordInboundAsync(InboundRecord record, DeliveryStateChange? change, CancellationToken cancellationToken);

    /// <summary>Those of <paramref name="sourceIds"/> that are recorded from <paramref name="source"/>.</summary>
    Task<IReadOnlyCollection<string>> GetRecordedSourceIdsAsync(string source, IReadOnlyCollection<string> sourceIds, CancellationToken cancellationToken);

    /// <summary>The inbound messages matching the query, in the order they were recorded, with their attachments and deliveries.</summary>
    Task<IReadOnlyList<InboundRecord>> GetInboundAsync(InboundQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Assigns an unmatched inbound message to a delivery and executes its change, in one transaction.
    /// False, changing nothing, when the message is unknown or matched already.
    /// </summary>
    Task<bool> AssignInboundAsync(InboundAssignment assignment, CancellationToken cancellationToken);

    /// <summary>How far a source's folder was read; null when it never was.</summary>
    Task<SourceReadState?> GetSourceStateAsync(string source, string folder, CancellationToken cancellationToken);

    /// <summary>Saves how far a source's folder was read (replacing what was saved).</summary>
    Task SaveSourceStateAsync(SourceReadState state, CancellationToken cancellationToken);

    /// <summary>
    /// The quote sheets vendors' replies brought back (recorded with their reply by <see cref="RecordInboundAsync"/>),
    /// each with its lines or its problems, oldest first.
    /// </summary>
    Task<IReadOnlyList<Quotes.VendorQuote>> GetQuotesAsync(QuoteQuery query, CancellationToken cancellationToken);
}
