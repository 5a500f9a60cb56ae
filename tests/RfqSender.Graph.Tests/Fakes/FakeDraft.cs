using System.Text.Json;

namespace RfqSender.Graph.Tests.Fakes;

/// <summary>A draft in the fake mailbox.</summary>
public sealed class FakeDraft
{
    public required string Id { get; init; }

    public required string Mailbox { get; init; }

    public required JsonElement Message { get; init; }

    public List<FakeAttachment> Attachments { get; } = new();

    public List<FakeUploadSession> Sessions { get; } = new();
}
