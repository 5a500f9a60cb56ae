using System.Globalization;
using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tracking;

/// <summary>
/// One inbound message (a reply, a bounce, an auto-reply) as the store records it: where it was read,
/// what the classifier made of it, the delivery it was matched to (none when unmatched) and how, what
/// recording it did to that delivery, its new text and the files kept of it. A message is recorded
/// once: by its Message-ID and by its id in its source.
/// </summary>
public sealed class InboundRecord
{
    /// <summary>The store's id of the record.</summary>
    public long Id { get; set; }

    /// <summary>The source it was read from, by its stable name (for example <c>folder:/srv/replies</c>, <c>imap://buyer@mail.contoso.com/INBOX</c>).</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The message's id in its source (a file's relative path, an IMAP <c>UIDVALIDITY:UID</c>).</summary>
    public string SourceId { get; set; } = string.Empty;

    /// <summary>The Message-ID without angle brackets, or null when the message has none.</summary>
    public string? MessageId { get; set; }

    /// <summary>When the message was received (its source's time, else its Date, else when it was read).</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>When the store recorded it.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The sender's address (From), or null when it has none.</summary>
    public string? From { get; set; }

    /// <summary>The sender's display name, or null.</summary>
    public string? FromName { get; set; }

    /// <summary>The subject.</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>What the message is: a reply, an auto-reply, a bounce or a mailing-list message.</summary>
    public ReplyKind Kind { get; set; }

    /// <summary>True for an out-of-office or vacation reply.</summary>
    public bool IsOutOfOffice { get; set; }

    /// <summary>For an out-of-office reply, the date the writer is away until, when its text says.</summary>
    public DateTime? AwayUntil { get; set; }

    /// <summary>For a bounce, permanent or transient; None otherwise.</summary>
    public BounceSeverity BounceSeverity { get; set; }

    /// <summary>For a bounce, the status code of the failed recipient (for example <c>5.1.1</c>), when given.</summary>
    public string? BounceStatus { get; set; }

    /// <summary>For a bounce, the recipient that failed, when given.</summary>
    public string? BounceRecipient { get; set; }

    /// <summary>For a bounce, the server's words (the diagnostic code), when given.</summary>
    public string? BounceDiagnostic { get; set; }

    /// <summary>How the message was matched to its delivery; None when unmatched.</summary>
    public ReplyMatchMethod MatchMethod { get; set; }

    /// <summary>What matched (the Message-ID, token or address), or null.</summary>
    public string? MatchEvidence { get; set; }

    /// <summary>Why it matched, or why it did not.</summary>
    public string? MatchReason { get; set; }

    /// <summary>The store's id of the delivery it belongs to, or null when it is unmatched.</summary>
    public long? DeliveryId { get; set; }

    /// <summary>The campaign of that delivery, as read; null when unmatched.</summary>
    public string? RfqNumber { get; set; }

    /// <summary>The vendor of that delivery, as read; null when unmatched.</summary>
    public string? VendorKey { get; set; }

    /// <summary>The vendor's name, as read; null when unmatched.</summary>
    public string? VendorName { get; set; }

    /// <summary>The state the delivery was in when recording this message changed it; null when it changed nothing.</summary>
    public DeliveryState? ChangedFrom { get; set; }

    /// <summary>The state recording this message set; null when it changed nothing.</summary>
    public DeliveryState? ChangedTo { get; set; }

    /// <summary>The text the writer added, without the quoted history; null for machine-sent mail.</summary>
    public string? NewText { get; set; }

    /// <summary>Where the message was kept as an <c>.eml</c> file, or null when it was not.</summary>
    public string? EmlPath { get; set; }

    /// <summary>The files it carries, in order.</summary>
    public IReadOnlyList<InboundAttachmentRecord> Attachments { get; set; } = Array.Empty<InboundAttachmentRecord>();

    /// <summary>
    /// The quote sheets among the attachments of a matched reply, read when it was received: recorded with it,
    /// in the same transaction, so a reply is never kept without its quotes.
    /// </summary>
    public IReadOnlyList<Quotes.VendorQuote> Quotes { get; set; } = Array.Empty<Quotes.VendorQuote>();

    /// <summary>Who assigned it to its delivery by hand, or null when it was matched as read.</summary>
    public string? AssignedBy { get; set; }

    /// <summary>When it was assigned by hand, or null.</summary>
    public DateTimeOffset? AssignedAt { get; set; }

    /// <summary>True when no delivery is known for it.</summary>
    public bool IsUnmatched => DeliveryId is null;

    /// <summary>The classification in words: <c>Reply</c>, <c>Bounce (Permanent 5.1.1)</c>, <c>Out of office until 2026-12-14</c>.</summary>
    public string Classification => Kind switch
    {
        ReplyKind.Bounce => BounceStatus is null ? $"Bounce ({BounceSeverity})" : $"Bounce ({BounceSeverity} {BounceStatus})",
        ReplyKind.AutoReply when IsOutOfOffice => AwayUntil is DateTime until
            ? "Out of office until " + until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : "Out of office",
        _ => Kind.ToString(),
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"#{Id} {Classification} from {From ?? "(no sender)"}: {(IsUnmatched ? "unmatched" : $"{RfqNumber} {VendorKey} ({MatchMethod})")}";
}
