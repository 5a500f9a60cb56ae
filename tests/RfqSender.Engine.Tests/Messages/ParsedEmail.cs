using System.Globalization;
using System.Text.Json.Serialization;

namespace RfqSender.Engine.Tests.Messages;

/// <summary>What Python's email package read from one file.</summary>
public sealed record ParsedEmail
{
    /// <summary>The file.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Top-level header names in file order.</summary>
    [JsonPropertyName("header_names")]
    public List<string> HeaderNames { get; init; } = new();

    /// <summary>Decoded subject.</summary>
    public string? Subject { get; init; }

    /// <summary>From addresses.</summary>
    public List<ParsedAddress>? From { get; init; }

    /// <summary>To addresses.</summary>
    public List<ParsedAddress>? To { get; init; }

    /// <summary>Cc addresses, null when absent.</summary>
    public List<ParsedAddress>? Cc { get; init; }

    /// <summary>Reply-To addresses, null when absent.</summary>
    [JsonPropertyName("reply_to")]
    public List<ParsedAddress>? ReplyTo { get; init; }

    /// <summary>Bcc addresses, null when absent (it must always be).</summary>
    public List<ParsedAddress>? Bcc { get; init; }

    /// <summary>Message-ID as written, with angle brackets.</summary>
    [JsonPropertyName("message_id")]
    public string? MessageId { get; init; }

    /// <summary>Date in ISO 8601 form.</summary>
    [JsonPropertyName("date")]
    public string? DateText { get; init; }

    /// <summary>The Date header as a value.</summary>
    [JsonIgnore]
    public DateTimeOffset? Date => DateText is null ? null : DateTimeOffset.Parse(DateText, CultureInfo.InvariantCulture);

    /// <summary>MIME-Version header.</summary>
    [JsonPropertyName("mime_version")]
    public string? MimeVersion { get; init; }

    /// <summary>Top-level content type.</summary>
    [JsonPropertyName("content_type")]
    public string ContentType { get; init; } = string.Empty;

    /// <summary>The text/plain body, decoded, or null.</summary>
    public string? Text { get; init; }

    /// <summary>The text/html body, decoded, or null.</summary>
    public string? Html { get; init; }

    /// <summary>Attachments in order.</summary>
    public List<ParsedAttachment> Attachments { get; init; } = new();

    /// <summary>Every part in walk order.</summary>
    public List<ParsedPart> Parts { get; init; } = new();

    /// <summary>Parser defects of the message, its parts and headers (empty when clean).</summary>
    public List<string> Defects { get; init; } = new();
}
