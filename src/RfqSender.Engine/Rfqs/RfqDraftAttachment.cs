namespace RfqSender.Engine.Rfqs;

/// <summary>One attachment of an RFQ definition before validation: a path (relative to the definition) and an optional name shown to vendors.</summary>
internal sealed record RfqDraftAttachment(string Name, string? Path, string? FileName, int? Line);
