namespace RfqSender.Graph.Tests.Fakes;

/// <summary>An attachment held by a fake draft.</summary>
/// <param name="Name">File name.</param>
/// <param name="ContentType">Media type.</param>
/// <param name="Content">The bytes.</param>
/// <param name="Uploaded">True when it came through an upload session.</param>
public sealed record FakeAttachment(string Name, string ContentType, byte[] Content, bool Uploaded);
