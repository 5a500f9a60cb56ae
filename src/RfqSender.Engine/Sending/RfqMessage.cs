namespace RfqSender.Engine.Sending;

/// <summary>
/// The message one vendor gets for an RFQ, rendered exactly as a send would render it (the same
/// templates, headers, Message-ID and attachments), for review: nothing is sent or recorded.
/// </summary>
public sealed class RfqMessage
{
    /// <summary>The RFQ number.</summary>
    public string RfqNumber { get; init; } = string.Empty;

    /// <summary>The vendor's key.</summary>
    public string VendorKey { get; init; } = string.Empty;

    /// <summary>The vendor's name.</summary>
    public string VendorName { get; init; } = string.Empty;

    /// <summary>The subject.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The sender, as in the From header.</summary>
    public string From { get; init; } = string.Empty;

    /// <summary>To recipients, separated by "; ".</summary>
    public string To { get; init; } = string.Empty;

    /// <summary>Cc recipients, separated by "; ".</summary>
    public string Cc { get; init; } = string.Empty;

    /// <summary>Reply-To, or null.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>Archive Bcc recipients (<c>-Bcc</c>), separated by <c>"; "</c>; in no header of the message.</summary>
    public string Bcc { get; init; } = string.Empty;

    /// <summary>The Message-ID (without angle brackets): the one the vendor's delivery carries.</summary>
    public string MessageId { get; init; } = string.Empty;

    /// <summary>The Date header of this rendering.</summary>
    public DateTimeOffset Date { get; init; }

    /// <summary>Further headers the message carries (e.g. X-RFQ-Number), as "Name: value".</summary>
    public IReadOnlyList<string> Headers { get; init; } = Array.Empty<string>();

    /// <summary>The plain-text body, or null.</summary>
    public string? TextBody { get; init; }

    /// <summary>The HTML body, or null.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>The attachments, with names and sizes.</summary>
    public IReadOnlyList<RfqMessageAttachment> Attachments { get; init; } = Array.Empty<RfqMessageAttachment>();

    /// <summary>The size of the whole MIME message in bytes, as the pickup folder and SMTP write it.</summary>
    public long Size { get; init; }

    /// <summary>The .eml file the message was written to, or null.</summary>
    public string? Path { get; init; }
}
