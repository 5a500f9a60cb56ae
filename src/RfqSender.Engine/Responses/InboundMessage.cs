namespace RfqSender.Engine.Responses;

/// <summary>
/// A message read from a mailbox (a vendor's reply, a bounce, an auto-reply), parsed with MimeKit
/// and held in engine types: its threading headers, addresses, subject, date, the header fields
/// that mark machine-sent mail, its plain text, its attachments and, for a bounce, the report.
/// </summary>
public sealed class InboundMessage
{
    /// <summary>The Message-ID without angle brackets, or null when the message has none.</summary>
    public string? MessageId { get; init; }

    /// <summary>The first id of <c>In-Reply-To</c> without angle brackets, or null.</summary>
    public string? InReplyTo { get; init; }

    /// <summary>The ids of <c>References</c> without angle brackets, oldest first.</summary>
    public IReadOnlyList<string> References { get; init; } = Array.Empty<string>();

    /// <summary>The first address of <c>From</c>, or null when there is none.</summary>
    public InboundAddress? From { get; init; }

    /// <summary>The <c>Sender</c> address, or null.</summary>
    public InboundAddress? Sender { get; init; }

    /// <summary>The <c>Reply-To</c> addresses.</summary>
    public IReadOnlyList<InboundAddress> ReplyTo { get; init; } = Array.Empty<InboundAddress>();

    /// <summary>The <c>To</c> addresses (groups flattened).</summary>
    public IReadOnlyList<InboundAddress> To { get; init; } = Array.Empty<InboundAddress>();

    /// <summary>The <c>Cc</c> addresses (groups flattened).</summary>
    public IReadOnlyList<InboundAddress> Cc { get; init; } = Array.Empty<InboundAddress>();

    /// <summary>The envelope recipients the receiving server recorded: <c>Delivered-To</c>, <c>X-Original-To</c>, <c>Envelope-To</c>.</summary>
    public IReadOnlyList<string> DeliveredTo { get; init; } = Array.Empty<string>();

    /// <summary>The subject, decoded; empty when there is none.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The <c>Date</c>, or null when it is missing or unreadable.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>The header fields that mark machine-sent mail.</summary>
    public AutoResponseHeaders AutoResponse { get; init; } = new();

    /// <summary>The top-level header fields in order.</summary>
    public IReadOnlyList<InboundHeader> Headers { get; init; } = Array.Empty<InboundHeader>();

    /// <summary>The <c>report-type</c> of a multipart/report (<c>delivery-status</c>, <c>disposition-notification</c>), or null.</summary>
    public string? ReportType { get; init; }

    /// <summary>The media type of the top-level body, for example <c>multipart/mixed</c>.</summary>
    public string ContentType { get; init; } = "text/plain";

    /// <summary>
    /// The text of the message: its text/plain body (format=flowed joined), or the text of its HTML
    /// body when it has no plain one; quoted history included (see <see cref="QuotedTextStripper"/>).
    /// </summary>
    public string TextBody { get; init; } = string.Empty;

    /// <summary>True when <see cref="TextBody"/> was made from an HTML body.</summary>
    public bool TextFromHtml { get; init; }

    /// <summary>The files the message carries (not its body text, not a bounce's returned message).</summary>
    public IReadOnlyList<InboundAttachment> Attachments { get; init; } = Array.Empty<InboundAttachment>();

    /// <summary>
    /// The machine-readable delivery status report (a <c>message/delivery-status</c> part) with the
    /// Message-ID of the returned message or headers; null when the message has no such part.
    /// </summary>
    public DeliveryStatusReport? DeliveryReport { get; init; }

    /// <summary>
    /// The Message-ID of a message this one returns, encloses or reports on (a bounce's
    /// <c>message/rfc822</c> or <c>text/rfc822-headers</c> part, a forwarded message, a read
    /// receipt's <c>Original-Message-ID</c>), or null.
    /// </summary>
    public string? ReturnedMessageId { get; init; }

    /// <summary>The subject of that returned message, or null.</summary>
    public string? ReturnedSubject { get; init; }

    /// <summary>The value of the first header field of that name (case ignored), or null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>Reads a message from a stream (left open) with MimeKit's parser.</summary>
    /// <param name="stream">The message in RFC 5322 form.</param>
    /// <param name="sourceName">What to call the source in an error (file name, mailbox and UID).</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public static InboundMessage Load(Stream stream, string sourceName = "message", CancellationToken cancellationToken = default) =>
        InboundMessageReader.Read(stream ?? throw new ArgumentNullException(nameof(stream)), sourceName, cancellationToken);

    /// <summary>Reads a message from an <c>.eml</c> file.</summary>
    public static InboundMessage LoadFile(string path, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("A path is required.", nameof(path));
        }

        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InboundMessageException(path, "the file could not be opened: " + e.Message, e);
        }

        using (file)
        {
            return Load(file, path, cancellationToken);
        }
    }

    /// <summary><c>From: subject</c>.</summary>
    public override string ToString() => $"{From?.ToString() ?? "(no sender)"}: {Subject}";
}
