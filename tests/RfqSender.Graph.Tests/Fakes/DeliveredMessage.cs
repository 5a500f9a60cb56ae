using System.Text.Json;

namespace RfqSender.Graph.Tests.Fakes;

/// <summary>A message the fake Graph accepted (202).</summary>
public sealed class DeliveredMessage
{
    public required string Mailbox { get; init; }

    /// <summary><c>mime</c> (sendMail text/plain), <c>json</c> (sendMail JSON) or <c>draft</c> (draft sent).</summary>
    public required string Route { get; init; }

    /// <summary>The decoded MIME bytes for the mime route.</summary>
    public byte[]? Mime { get; init; }

    /// <summary>The message JSON for the json and draft routes.</summary>
    public JsonElement? Message { get; init; }

    /// <summary>saveToSentItems of a JSON sendMail.</summary>
    public bool? SaveToSentItems { get; init; }

    /// <summary>Attachments of a draft: inline, added, and uploaded, with their bytes.</summary>
    public List<FakeAttachment> Attachments { get; init; } = new();
}
