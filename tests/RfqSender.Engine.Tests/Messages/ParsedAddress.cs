using System.Text.Json.Serialization;

namespace RfqSender.Engine.Tests.Messages;

/// <summary>An address as Python read it.</summary>
public sealed record ParsedAddress
{
    /// <summary>Decoded display name ("" when none).</summary>
    [JsonPropertyName("display_name")]
    public string DisplayName { get; init; } = string.Empty;

    /// <summary>The address.</summary>
    [JsonPropertyName("addr_spec")]
    public string AddrSpec { get; init; } = string.Empty;
}
