namespace RfqSender.Graph.Tests.Fakes;

/// <summary>An upload session of the fake Graph: the attachment it builds and the ranges received.</summary>
public sealed class FakeUploadSession
{
    public required string Id { get; init; }

    public required FakeDraft Draft { get; init; }

    public required string Name { get; init; }

    public required string ContentType { get; init; }

    public required long Size { get; init; }

    public MemoryStream Received { get; } = new();

    public List<string> Ranges { get; } = new();

    public bool Complete => Received.Length == Size;
}
