using System.Text.Json.Serialization;

namespace RfqSender.Engine.Tests.Messages;

/// <summary>An attachment as Python read it.</summary>
public sealed record ParsedAttachment
{
    /// <summary>Decoded file name.</summary>
    public string? FileName { get; init; }

    /// <summary>Media type.</summary>
    [JsonPropertyName("content_type")]
    public string ContentType { get; init; } = string.Empty;

    /// <summary>SHA-256 (lower hex) of the decoded bytes.</summary>
    public string Sha256 { get; init; } = string.Empty;

    /// <summary>Decoded size.</summary>
    public long Size { get; init; }
}
