using System.CommandLine;

namespace RfqSender.Cli;

/// <summary>Entry point of the <c>rfq</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        var root = BuildRoot(Console.Out, Console.Error);
        return root.Parse(args).Invoke();
    }

    /// <summary>The command tree, writing to the given streams.</summary>
    public static RootCommand BuildRoot(TextWriter output, TextWriter error) =>
        new("rfq: send requests for quotation to vendor lists, tracked and resumable.")
        {
            SendCommand.Create(output, error),
            ResumeCommand.Create(output, error),
            VendorsCommand.Create(output, error),
            DeliveriesCommand.Create(output, error),
            CheckCommand.Create(output, error),
        };
}
