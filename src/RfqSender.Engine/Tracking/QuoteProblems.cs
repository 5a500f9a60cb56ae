using System.Text.Json;

namespace RfqSender.Engine.Tracking;

/// <summary>How a store keeps a quote's problems: one JSON array of strings in a text column.</summary>
internal static class QuoteProblems
{
    public static string Format(IReadOnlyList<string> problems) => JsonSerializer.Serialize(problems ?? Array.Empty<string>());

    public static IReadOnlyList<string> Parse(string json) =>
        string.IsNullOrEmpty(json) ? Array.Empty<string>() : JsonSerializer.Deserialize<List<string>>(json) ?? new List<string>();
}
