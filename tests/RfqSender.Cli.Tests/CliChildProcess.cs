using System.Diagnostics;
using System.Text;

namespace RfqSender.Cli.Tests;

/// <summary>
/// The CLI's own build output (<c>dotnet rfq.dll</c>) running as a child process: for tests that must
/// kill it, or bound its memory, which an in-process <see cref="CliRun"/> cannot. Its standard error
/// is collected; its standard output is drained, line by line to a callback when one is given.
/// </summary>
internal sealed class CliChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _error = new();

    private CliChildProcess(ProcessStartInfo start, Action<string>? onOutputLine)
    {
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                onOutputLine?.Invoke(line);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (_error)
                {
                    _error.AppendLine(line);
                }
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Exited = _process.WaitForExitAsync();
    }

    /// <summary>Completes when the process has exited and its output has been read.</summary>
    public Task Exited { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The process ID (to signal it).</summary>
    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote to standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>The start information for <c>rfq</c> with <paramref name="args"/>, output and errors redirected.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args)
    {
        // The CLI's own build output: its deps.json (net10.0) resolves the packages the test
        // output folder (net10.0) leaves out.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var rfqDll = Path.Combine(Repository.Root, "src", "RfqSender.Cli", "bin", configuration, "net10.0", "rfq.dll");
        Assert.True(File.Exists(rfqDll), "the CLI is not built: " + rfqDll);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(rfqDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    /// <summary>Starts the process; <paramref name="onOutputLine"/> sees each line of its standard output.</summary>
    public static CliChildProcess Start(ProcessStartInfo start, Action<string>? onOutputLine = null) => new(start, onOutputLine);

    /// <summary>
    /// Runs <c>rfq</c> to its end with the GC heap limited to <paramref name="memoryLimitMb"/>
    /// (<c>DOTNET_GCHeapHardLimit</c>), killing it after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<ChildRun> RunAsync(string workingDirectory, int memoryLimitMb, TimeSpan timeout, params string[] args)
    {
        var start = StartInfo(workingDirectory, args);
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)memoryLimitMb * 1024 * 1024).ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        using var child = Start(start);
        var killed = await Task.WhenAny(child.Exited, Task.Delay(timeout)) != child.Exited;
        if (killed)
        {
            child.Kill();
        }

        await child.Exited;
        return new ChildRun(killed, killed ? -9 : child.ExitCode, child.Error);
    }

    /// <summary>Kills the process and everything it started (SIGKILL on Linux: no finally blocks, no disposal, no flush).</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose() => _process.Dispose();
}
