namespace RfqSender.Graph.Tests.Fakes;

/// <summary>A mail folder of a fake mailbox: its id, display name, parent (null under the root) and well-known name.</summary>
public sealed record FakeMailFolder(string Id, string DisplayName, string? ParentId, string? WellKnownName);
