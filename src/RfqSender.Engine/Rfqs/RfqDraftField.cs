namespace RfqSender.Engine.Rfqs;

/// <summary>
/// One value of an RFQ definition before validation: the name it was given under (YAML key or
/// parameter), the value (text from a file; typed values from New-Rfq) and its line in the file.
/// </summary>
internal sealed record RfqDraftField(string Name, object? Value, int? Line);
