namespace RfqSender.HelpCompiler;

/// <summary>A related link: a command or topic name, and an address when it is on the web.</summary>
internal sealed record RelatedLink(string Text, string Uri);
