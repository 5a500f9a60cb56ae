using System.Diagnostics;
using System.Text;

namespace RfqSender.Module.Tests;

/// <summary>Where the Pester suite, Pester itself and the local PowerShell tool are.</summary>
internal static class PesterEnvironment
{
    public static string PesterTestsDirectory => Path.Combine(TestEnvironment.RepositoryRoot, "tests", "Pester");

    public static string PesterModuleDirectory => TestEnvironment.Metadata("PesterModuleDirectory");

    public static string ResultsDirectory =>
        Environment.GetEnvironmentVariable("RFQSENDER_PESTER_RESULTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(TestEnvironment.RepositoryRoot, "TestResults", "pester");

    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("RFQSENDER_PESTER_TESTS") == "1";

    public static bool PowerShellRestored => Directory.Exists(TestEnvironment.Metadata("PowerShellToolDirectory"));

    public static (int ExitCode, string Output) RunPwsh(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("tool");
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("pwsh");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The runner's own settings must not leak into the module under test.
        foreach (var name in new[] { "RFQSENDER_HOME", "RFQSENDER_STORE", "RFQSENDER_PICKUP", "RFQSENDER_TRANSPORT", "RFQSENDER_SETTINGS", "PSModulePath" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("pwsh did not finish within 15 minutes:\n" + output);
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
