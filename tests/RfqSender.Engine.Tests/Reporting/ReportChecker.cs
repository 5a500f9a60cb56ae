using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Engine.Tests.Reporting;

/// <summary>
/// Tools/report_check.py: a report read by independent code (html5lib in strict mode, Python's csv, a PNG
/// decoder). Missing html5lib skips the tests that need it, except under CI=true, where it fails them.
/// </summary>
internal static class ReportChecker
{
    private static readonly Lazy<string?> Missing = new(() =>
    {
        try
        {
            PythonScript.Run(new[] { "-c", "import html5lib" });
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return ex.Message;
        }
    });

    private static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Tools", "report_check.py");

    public static void Require()
    {
        if (Missing.Value is not { } why)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The report tests need Python's html5lib under CI=true (apt-get install python3-html5lib): " + why);
        }

        Skip.If(true, "html5lib is not installed (apt-get install python3-html5lib): " + why);
    }

    /// <summary>The page parsed strictly: its data-metric figures, data-status counts, tag counts, URLs and title.</summary>
    public static JsonElement Html(string path) => Run("html", path);

    /// <summary>A PNG's width, height, distinct colours (sampled) and share of pixels that are not white.</summary>
    public static JsonElement Png(string path) => Run("png", path);

    /// <summary>The CSV's rows, the header first.</summary>
    public static IReadOnlyList<string[]> Csv(string path) =>
        Run("csv", path).EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetString()!).ToArray()).ToList();

    private static JsonElement Run(string mode, string path) =>
        JsonDocument.Parse(PythonScript.Run(new[] { ScriptPath, mode, Path.GetFullPath(path) }, what: "report_check.py " + mode)).RootElement.Clone();
}
