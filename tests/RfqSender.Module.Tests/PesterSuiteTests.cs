using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace RfqSender.Module.Tests;

/// <summary>
/// Runs each Pester file of tests/Pester in a real PowerShell 7 (the local .NET tool of
/// .config/dotnet-tools.json), against the module folder this build assembled, in a fresh
/// process per file. A file passes when Pester ran tests in it and none failed.
/// </summary>
public sealed class PesterSuiteTests
{
    public static TheoryData<string> PesterFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(PesterEnvironment.PesterTestsDirectory, "*.Tests.ps1").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [PesterTheory]
    [MemberData(nameof(PesterFiles))]
    public void Pester_file_passes_in_PowerShell_7(string file)
    {
        var resultsDirectory = PesterEnvironment.ResultsDirectory;
        Directory.CreateDirectory(resultsDirectory);
        var resultPath = Path.Combine(resultsDirectory, Path.GetFileNameWithoutExtension(file) + ".json");
        File.Delete(resultPath);

        var run = PesterEnvironment.RunPwsh(
            "-NoProfile", "-NonInteractive", "-File", Path.Combine(PesterEnvironment.PesterTestsDirectory, "Invoke-PesterFile.ps1"),
            "-Path", Path.Combine(PesterEnvironment.PesterTestsDirectory, file),
            "-ModulePath", Path.Combine(TestEnvironment.ModuleDirectory, "RfqSender.psd1"),
            "-PesterPath", PesterEnvironment.PesterModuleDirectory,
            "-ResultPath", resultPath);

        Assert.True(File.Exists(resultPath), $"Pester wrote no result for {file} (pwsh exit {run.ExitCode}):\n{run.Output}");
        using var summary = JsonDocument.Parse(File.ReadAllText(resultPath));
        var root = summary.RootElement;
        Assert.Equal("5.9.1", root.GetProperty("Pester").GetString());
        var failed = root.GetProperty("Failed").GetInt32();
        var passed = root.GetProperty("Passed").GetInt32();
        if (failed > 0)
        {
            var message = new StringBuilder().AppendLine($"{failed} Pester test(s) failed in {file}:");
            foreach (var failure in root.GetProperty("Failures").EnumerateArray())
            {
                message.AppendLine($"- {failure.GetProperty("Name").GetString()}: {failure.GetProperty("Error").GetString()}");
            }

            message.AppendLine().AppendLine(run.Output);
            Assert.Fail(message.ToString());
        }

        Assert.True(passed > 0, $"Pester ran no test in {file}:\n{run.Output}");
    }
}
