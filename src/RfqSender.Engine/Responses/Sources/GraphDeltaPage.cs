using System.Globalization;
using System.Text.Json;

namespace RfqSender.Engine.Responses.Sources;

/// <summary>One page of a Graph delta query on a mail folder: the messages it names (removed items left out) and the link to go on with.</summary>
internal sealed class GraphDeltaPage
{
    private GraphDeltaPage(IReadOnlyList<GraphDeltaMessage> messages, string? nextLink, string? deltaLink)
    {
        Messages = messages;
        NextLink = nextLink;
        DeltaLink = deltaLink;
    }

    /// <summary>The messages added or changed, in Graph's order; <c>@removed</c> entries are not among them.</summary>
    public IReadOnlyList<GraphDeltaMessage> Messages { get; }

    /// <summary>The next page of this round, or null on the last.</summary>
    public string? NextLink { get; }

    /// <summary>On the last page, the link that asks for the changes after this round.</summary>
    public string? DeltaLink { get; }

    /// <exception cref="JsonException">The body is not a delta page.</exception>
    public static GraphDeltaPage Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("no value array");
        }

        var messages = new List<GraphDeltaMessage>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || item.TryGetProperty("@removed", out _)
                || !item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(id.GetString()))
            {
                continue;
            }

            DateTimeOffset? received = item.TryGetProperty("receivedDateTime", out var at) && at.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : null;
            messages.Add(new GraphDeltaMessage(id.GetString()!, received));
        }

        return new GraphDeltaPage(messages, Link(root, "@odata.nextLink"), Link(root, "@odata.deltaLink"));
    }

    private static string? Link(JsonElement root, string name) =>
        root.TryGetProperty(name, out var link) && link.ValueKind == JsonValueKind.String ? link.GetString() : null;
}
