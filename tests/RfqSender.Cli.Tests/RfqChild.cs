using System.Diagnostics;
using System.Text;

namespace RfqSender.Cli.Tests;

/// <summary>
/// <c>rfq</c> as a real child process (the CLI's own build output), for tests that kill it, bound
/// its memory (<c>DOTNET_GCHeapHardLimit</c>) or need a process of its own.
/// </summary>
internal sealed class RfqChild : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private bool _killed;

    private RfqChild(Process process)
    {
        _process = process;
    }

    /// <summary>What the child wrote to standard output so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>rfq</c> with the arguments; <paramref name="memoryLimitMb"/> caps its managed heap.</summary>
    public static RfqChild Start(string workingDirectory, IEnumerable<string> args, int? memoryLimitMb = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        // The CLI's own build output: its deps.json (net8.0) resolves the packages the test output
        // folder (net10.0) leaves out.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var rfqDll = Path.Combine(Repository.Root, "src", "RfqSender.Cli", "bin", configuration, "net8.0", "rfq.dll");
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

        if (memoryLimitMb is int limit)
        {
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)limit * 1024 * 1024).ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new RfqChild(process);
        process.OutputDataReceived += (_, e) => child.Append(child._output, e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(child._error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Kills the child at once (SIGKILL on Linux: no finally blocks, no flush).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _killed = true;
        }
    }

    /// <summary>Waits for the child to end; one that runs past <paramref name="timeout"/> is killed and reported as such.</summary>
    public async Task<ChildRun> WaitAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(timeout)) != exited)
        {
            Kill();
        }

        await _process.WaitForExitAsync();
        lock (_error)
        {
            return new ChildRun(_killed, _killed ? -9 : _process.ExitCode, _error.ToString());
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }
}
