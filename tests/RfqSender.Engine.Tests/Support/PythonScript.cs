using System.Diagnostics;
using System.Text;

namespace RfqSender.Engine.Tests.Support;

/// <summary>
/// Runs Python 3 (in UTF-8 mode) for the tests that check our output with an independent
/// implementation: the <c>email</c> package for .eml files, openpyxl for XLSX quote sheets.
/// </summary>
public static class PythonScript
{
    /// <summary>The Python interpreter: /usr/bin/python3 when present, else python3 from PATH.</summary>
    public static string PythonPath => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Runs Python with these arguments and <paramref name="input"/> on standard input; returns standard output.</summary>
    /// <exception cref="InvalidOperationException">Python did not start or exited with an error (its standard error in the message).</exception>
    public static string Run(IEnumerable<string> arguments, string? input = null, string? what = null)
    {
        var start = new ProcessStartInfo(PythonPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-X");
        start.ArgumentList.Add("utf8");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        what ??= start.ArgumentList.Count > 2 ? Path.GetFileName(start.ArgumentList[2]) : PythonPath;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {PythonPath}.");
        process.StandardInput.Write(input ?? string.Empty);
        process.StandardInput.Close();
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish within 2 minutes.");
        }

        var stderr = stderrTask.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed with exit code {process.ExitCode}: {stderr}");
        }

        return stdout;
    }
}
