namespace RfqSender.Graph.Tests.Fakes;

/// <summary>One request the fake received and what it answered.</summary>
public sealed record RecordedRequest(string Operation, string Method, string Path, string? Mailbox, int Status, string? ContentRange, bool HadAuthorization);
