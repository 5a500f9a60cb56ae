using System.Text.Json.Serialization;

namespace RfqSender.Engine.Tests.Messages;

/// <summary>One MIME part as Python read it.</summary>
public sealed record ParsedPart
{
    /// <summary>Media type.</summary>
    [JsonPropertyName("content_type")]
    public string ContentType { get; init; } = string.Empty;

    /// <summary>charset parameter.</summary>
    public string? Charset { get; init; }

    /// <summary>Content-Transfer-Encoding header.</summary>
    [JsonPropertyName("transfer_encoding")]
    public string? TransferEncoding { get; init; }

    /// <summary>Content-Disposition type.</summary>
    public string? Disposition { get; init; }
}
