using System.CommandLine;

namespace RfqSender.Cli;

/// <summary>Entry point of the <c>rfq</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>Parses and runs one command line; a usage error (unknown option, missing argument) exits 2.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        // Vendor names, server replies and file contents reach the terminal as printable text only.
        output = output as PrintableWriter ?? new PrintableWriter(output);
        error = error as PrintableWriter ?? new PrintableWriter(error);
        var parse = BuildRoot(output, error).Parse(args);
        var exitCode = parse.Invoke();
        return parse.Action is System.CommandLine.Invocation.ParseErrorAction ? ExitCodes.InvalidInput : exitCode;
    }

    /// <summary>The command tree, writing to the given streams.</summary>
    public static RootCommand BuildRoot(TextWriter output, TextWriter error) =>
        new("rfq: send requests for quotation to vendor lists, tracked and resumable.")
        {
            SendCommand.Create(output, error),
            ResumeCommand.Create(output, error),
            RemindCommand.Create(output, error),
            VendorsCommand.Create(output, error),
            DeliveriesCommand.Create(output, error),
            CampaignsCommand.Create(output, error),
            PauseCommand.CreatePause(output, error),
            PauseCommand.CreateUnpause(output, error),
            StoreCommand.Create(output, error),
            RepliesCommand.Create(output, error),
            ReportCommand.Create(output, error),
            QuotesCommand.Create(output, error),
            CheckCommand.Create(output, error),
            PreviewCommand.Create(output, error),
            TestTransportCommand.Create(output, error),
            ServeCommand.Create(output, error),
        };
}
