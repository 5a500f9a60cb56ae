using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace RfqSender.Engine.Tests.Messages;

/// <summary>
/// Reads .eml files with an independent MIME parser — Python 3's standard <c>email</c> package, via
/// Tools/read_eml.py — so tests check what another implementation makes of our output.
/// Reusable by any test that produces .eml files (pickup folder, end-to-end sends).
/// </summary>
public static class PythonEmailReader
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The Python interpreter: /usr/bin/python3 when present, else python3 from PATH.</summary>
    public static string PythonPath => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>The script, copied next to the test assembly.</summary>
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Tools", "read_eml.py");

    /// <summary>Parses one file.</summary>
    public static ParsedEmail Read(string path) => ReadAll(new[] { path }).Single();

    /// <summary>Parses every file in one Python run, in the given order.</summary>
    public static IReadOnlyList<ParsedEmail> ReadAll(IEnumerable<string> paths)
    {
        var start = new ProcessStartInfo(PythonPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-X");
        start.ArgumentList.Add("utf8");
        start.ArgumentList.Add(ScriptPath);
        foreach (var path in paths)
        {
            start.ArgumentList.Add(Path.GetFullPath(path));
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {PythonPath}.");
        var stderrTask = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("read_eml.py did not finish within 2 minutes.");
        }

        var stderr = stderrTask.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"read_eml.py failed with exit code {process.ExitCode}: {stderr}");
        }

        return JsonSerializer.Deserialize<List<ParsedEmail>>(stdout, JsonOptions)
            ?? throw new InvalidOperationException("read_eml.py printed no result.");
    }
}
