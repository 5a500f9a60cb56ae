namespace RfqSender.HelpCompiler;

/// <summary>One example: title, the text before its code, the code, and the explanation after it.</summary>
internal sealed record ExampleHelp(string Title, IReadOnlyList<string> Introduction, string Code, IReadOnlyList<string> Remarks);
