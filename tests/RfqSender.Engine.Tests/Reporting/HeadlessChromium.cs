using System.Diagnostics;

namespace RfqSender.Engine.Tests.Reporting;

/// <summary>
/// Debian's headless Chromium (chromium-headless-shell, or chromium) run once per call: a screenshot, the DOM it
/// built, or the page printed to PDF. Missing, it skips the tests that need it, except under CI=true, where it fails them.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] Candidates = { "/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/lib/chromium/chromium-headless-shell" };

    public static string? Executable => Environment.GetEnvironmentVariable("RFQSENDER_CHROMIUM") is { Length: > 0 } set ? set : Candidates.FirstOrDefault(File.Exists);

    public static void Require()
    {
        if (Executable is not null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("The report tests need a headless Chromium under CI=true (apt-get install chromium-headless-shell).");
        }

        Skip.If(true, "No headless Chromium here (apt-get install chromium-headless-shell).");
    }

    /// <summary>Renders <paramref name="page"/> at <paramref name="width"/> × <paramref name="height"/> into a PNG.</summary>
    public static void Screenshot(string page, string png, int width = 1200, int height = 1600) =>
        Run(page, $"--screenshot={png}", $"--window-size={width},{height}");

    /// <summary>The DOM Chromium built from <paramref name="page"/>, serialised.</summary>
    public static string DumpDom(string page) => Run(page, "--dump-dom");

    /// <summary>Prints <paramref name="page"/> to a PDF, as a buyer's "print" would.</summary>
    public static void PrintToPdf(string page, string pdf) => Run(page, $"--print-to-pdf={pdf}", "--no-pdf-header-footer");

    private static string Run(string page, params string[] what)
    {
        var profile = Path.Combine(Path.GetTempPath(), "rfqsender-chromium-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(Executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--hide-scrollbars", $"--user-data-dir={profile}" }.Concat(what))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(new Uri(Path.GetFullPath(page)).AbsoluteUri);
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("Chromium did not finish within 2 minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"Chromium failed with exit code {process.ExitCode}: {stderr.GetAwaiter().GetResult()}");
            }

            return stdout;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A profile Chromium still writes to is left in the temp folder.
            }
        }
    }
}
