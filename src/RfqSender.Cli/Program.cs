namespace RfqSender.Cli;

/// <summary>Entry point of the <c>rfq</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("rfq: not built yet");
        return 1;
    }
}
