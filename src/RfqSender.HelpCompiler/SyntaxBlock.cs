namespace RfqSender.HelpCompiler;

/// <summary>One parameter set's block of the SYNTAX section: its name and the syntax line written in the markdown.</summary>
internal sealed record SyntaxBlock(string SetName, bool IsDefault, string WrittenText, int Line);
