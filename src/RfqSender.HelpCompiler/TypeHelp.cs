namespace RfqSender.HelpCompiler;

/// <summary>An input or output type and what it means for this cmdlet.</summary>
internal sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);
