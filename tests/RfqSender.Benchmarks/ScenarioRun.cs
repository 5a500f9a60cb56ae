using System.Globalization;
using System.Text.Json;

namespace RfqSender.Benchmarks;

/// <summary>
/// The child-process side of a scale scenario: runs <c>rfq</c> in-process (the CLI's own command
/// tree, so exactly the code path of <c>rfq send</c>), then reports timings and this process's
/// peak working set as one JSON line. One scenario per process, so each peak is its own.
/// Usage: <c>scale-run &lt;stdout-file&gt; -- &lt;rfq arguments&gt;</c>.
/// </summary>
public static class ScenarioRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var separator = Array.IndexOf(args, "--");
        var outputFile = args[0];
        var cliArgs = args.Skip(separator + 1).ToArray();
        var error = new StringWriter();
        int exit;
        var invokeStart = DateTime.UtcNow;
        using (var output = new StreamWriter(outputFile))
        {
            exit = await Cli.Program.BuildRoot(output, error).Parse(cliArgs).InvokeAsync();
        }

        var invokeEnd = DateTime.UtcNow;
        var report = new ScenarioReport
        {
            Exit = exit,
            InvokeStart = invokeStart,
            InvokeEnd = invokeEnd,
            PeakWorkingSetMb = PeakWorkingSetMb(),
            CpuSeconds = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
            Error = Tail(error.ToString(), 2000),
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    /// <summary>VmHWM ("high water mark" of the resident set) from /proc, else the runtime's figure.</summary>
    public static double PeakWorkingSetMb()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                var kb = long.Parse(line.Substring(6).Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : text.Substring(text.Length - length);
}
