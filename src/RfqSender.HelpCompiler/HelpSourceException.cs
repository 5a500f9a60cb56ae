namespace RfqSender.HelpCompiler;

/// <summary>A help source that cannot be compiled; the message names the file and line to fix.</summary>
internal sealed class HelpSourceException : Exception
{
    public HelpSourceException(string file, int line, string problem)
        : base($"{file}({line}): error HELP001: {problem}")
    {
    }

    public HelpSourceException(string message)
        : base(message)
    {
    }
}
