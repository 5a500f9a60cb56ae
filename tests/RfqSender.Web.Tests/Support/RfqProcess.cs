using System.Diagnostics;
using System.Text;

namespace RfqSender.Web.Tests.Support;

/// <summary>
/// The CLI's own build output (<c>dotnet rfq.dll ...</c>) as a child process, as an operator's <c>rfq send</c> in
/// another terminal would run beside the status page. Standard output and error are collected.
/// </summary>
public sealed class RfqProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RfqProcess(ProcessStartInfo start)
    {
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Exited = _process.WaitForExitAsync();
    }

    /// <summary>Completes when the process has exited and its output was read.</summary>
    public Task Exited { get; }

    public int ExitCode => _process.ExitCode;

    /// <summary>Standard output and error so far, interleaved.</summary>
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

    /// <summary>The CLI's build output beside this test build (same configuration).</summary>
    public static string RfqDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            return Path.Combine(Repository.Root, "src", "RfqSender.Cli", "bin", configuration, "net10.0", "rfq.dll");
        }
    }

    public static RfqProcess Start(string workingDirectory, params string[] args)
    {
        Assert.True(File.Exists(RfqDll), "the CLI is not built: " + RfqDll);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RfqDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new RfqProcess(start);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
