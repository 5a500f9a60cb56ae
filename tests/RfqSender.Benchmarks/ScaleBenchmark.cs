using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RfqSender.Benchmarks;

/// <summary>
/// Issue 4's benchmarks: <c>rfq send</c> to N vendors (SMTP sink, pickup folder), peak memory as N
/// grows, time to the first new message when resuming a mostly sent campaign, and the accuracy of
/// the per-minute rate limit. Each scenario runs in its own child process (<see cref="ScenarioRun"/>);
/// the fast SMTP sink lives in this process, so the child's peak memory is the sender's alone.
/// Usage: <c>scale [--vendors 100000] [--only smtp,pickup,memory,resume,rate] [--concurrency n]
/// [--memory-steps 10000,30000] [--resume-sent 99000] [--rate-per-minute 600] [--rate-vendors 700] [--keep]</c>;
/// <c>--only workers</c> (not in the default set: it needs a PostgreSQL) is issue 12's shared-store
/// comparison, see <see cref="WorkersScenario"/>; <c>--only page</c> is issue 16's status page over a large
/// campaign, see <see cref="PageScenario"/>.
/// </summary>
public sealed class ScaleBenchmark
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "rfqsender-bench", Guid.NewGuid().ToString("N").Substring(0, 8));
    private readonly string[] _args;
    private readonly SmtpSink _sink = new();
    private readonly string _rfq;

    private ScaleBenchmark(string[] args)
    {
        _args = args;
        Directory.CreateDirectory(_work);
        _rfq = Path.Combine(_work, "rfq.yaml");
        File.WriteAllText(_rfq, """
            number: RFQ-BENCH-001
            title: Copper cable, 3 lots
            dueDate: 2026-12-15T17:00:00+01:00
            from: "Purchasing <purchasing@contoso.example>"
            subject: "RFQ {{Rfq.Number}}: {{Rfq.Title}}"
            body: |
              Dear {{Contact.Name}},
              {{Vendor.Name}} is invited to quote for:
              {{#each Rfq.Items}}- {{Quantity}} {{Unit}} {{Part}}: {{Description}}
              {{/each}}
              Please reply by {{Rfq.DueDate}}.
            items:
              - { part: CU-3x2.5, description: "NYM-J 3x2.5 mm2, 100 m drums", quantity: 40, unit: drum }
              - { part: CU-5x6, description: "NYY-J 5x6 mm2, 500 m drums", quantity: 4, unit: drum }
              - { part: CU-1x16, description: "H07V-K 1x16 mm2, 100 m rings", quantity: 12, unit: ring }
            """, new UTF8Encoding(false));
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var bench = new ScaleBenchmark(args);
        try
        {
            return await bench.RunAllAsync();
        }
        finally
        {
            bench._sink.Dispose();
            if (!args.Contains("--keep"))
            {
                Directory.Delete(bench._work, recursive: true);
            }
        }
    }

    private async Task<int> RunAllAsync()
    {
        var vendors = Program.IntArg(_args, "--vendors", 100_000);
        var only = Arg("--only")?.Split(',') ?? new[] { "smtp", "pickup", "memory", "resume", "rate" };
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; work folder {_work}");
        Console.WriteLine($"rfq extra arguments: {string.Join(' ', ExtraCliArgs())}");
        var failures = 0;
        double? peakAtFull = null;
        if (only.Contains("smtp"))
        {
            var (ok, peak) = await SmtpAsync(vendors, "smtp");
            peakAtFull = peak;
            failures += ok ? 0 : 1;
        }

        if (only.Contains("pickup"))
        {
            failures += await PickupAsync(vendors) ? 0 : 1;
        }

        if (only.Contains("memory"))
        {
            var steps = (Arg("--memory-steps") ?? "10000,30000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            var peaks = new List<(int Vendors, double Peak)>();
            foreach (var step in steps)
            {
                var (ok, peak) = await SmtpAsync(step, "memory");
                failures += ok ? 0 : 1;
                peaks.Add((step, peak));
            }

            if (peakAtFull is double full && !steps.Contains(vendors))
            {
                peaks.Add((vendors, full));
            }

            Console.WriteLine("memory: " + string.Join(" | ", peaks.OrderBy(p => p.Vendors).Select(p => $"{p.Vendors:N0} vendors {p.Peak:F0} MB")));
        }

        if (only.Contains("resume"))
        {
            failures += await ResumeAsync(vendors, Program.IntArg(_args, "--resume-sent", vendors - vendors / 100)) ? 0 : 1;
        }

        if (only.Contains("workers"))
        {
            failures += await new WorkersScenario(this).RunAsync(vendors) ? 0 : 1;
        }

        if (only.Contains("page"))
        {
            failures += await new PageScenario(this).RunAsync(vendors) ? 0 : 1;
        }

        if (only.Contains("rate"))
        {
            failures += await RateAsync(Program.IntArg(_args, "--rate-per-minute", 600), Program.IntArg(_args, "--rate-vendors", 700)) ? 0 : 1;
        }

        return failures == 0 ? 0 : 1;
    }

    private async Task<(bool Ok, double Peak)> SmtpAsync(int vendors, string label)
    {
        var store = Fresh("store-" + label + "-" + vendors.ToString(CultureInfo.InvariantCulture) + ".db");
        var cli = Send(VendorFile(vendors), store).Concat(SinkArgs()).Concat(ExtraCliArgs()).ToArray();
        _sink.Reset();
        var report = await RunChildAsync(cli);
        var wall = (report.InvokeEnd - report.InvokeStart).TotalSeconds;
        var sending = ((_sink.LastMessageAt ?? report.InvokeEnd) - (_sink.FirstMessageAt ?? report.InvokeStart)).TotalSeconds;
        var ok = report.Exit == 0 && _sink.Messages == vendors;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label} {vendors:N0} vendors -> SMTP sink: exit {report.Exit}, {_sink.Messages:N0} messages over {_sink.Connections} connection(s), wall {wall:F1} s = {_sink.Messages / wall:F0} msg/s; start-up to first message {((_sink.FirstMessageAt ?? report.InvokeEnd) - report.InvokeStart).TotalSeconds:F1} s; first to last message {sending:F1} s = {_sink.Messages / Math.Max(sending, 0.001):F0} msg/s; peak working set {report.PeakWorkingSetMb:F0} MB"));
        PrintError(report, ok);
        return (ok, report.PeakWorkingSetMb);
    }

    private async Task<bool> PickupAsync(int vendors)
    {
        var store = Fresh("store-pickup.db");
        var folder = Path.Combine(_work, "outbox");
        var cli = Send(VendorFile(vendors), store).Concat(new[] { "--transport", "pickup", "--pickup", folder }).Concat(ExtraCliArgs()).ToArray();
        var report = await RunChildAsync(cli);
        var files = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.eml").Count() : 0;
        var wall = (report.InvokeEnd - report.InvokeStart).TotalSeconds;
        var ok = report.Exit == 0 && files == vendors;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pickup {vendors:N0} vendors -> {folder}: exit {report.Exit}, {files:N0} .eml files, wall {wall:F1} s = {files / wall:F0} msg/s; peak working set {report.PeakWorkingSetMb:F0} MB"));
        PrintError(report, ok);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return ok;
    }

    private async Task<bool> ResumeAsync(int vendors, int alreadySent)
    {
        var store = Fresh("store-resume.db");
        var vendorFile = VendorFile(vendors);
        _sink.Reset();
        var prepare = await RunChildAsync(Send(vendorFile, store).Concat(SinkArgs()).Concat(ExtraCliArgs()).Concat(new[] { "--max-messages", alreadySent.ToString(CultureInfo.InvariantCulture) }).ToArray());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resume: prepared {_sink.Messages:N0} of {vendors:N0} sent in {(prepare.InvokeEnd - prepare.InvokeStart).TotalSeconds:F1} s (exit {prepare.Exit})"));
        if (_sink.Messages != alreadySent)
        {
            PrintError(prepare, false);
            return false;
        }

        var backup = Path.Combine(_work, "resume-backup");
        Directory.CreateDirectory(backup);
        foreach (var file in Directory.GetFiles(_work, "store-resume.db*"))
        {
            File.Copy(file, Path.Combine(backup, Path.GetFileName(file)), overwrite: true);
        }

        var ok = true;
        var variants = new[]
        {
            ("rfq send with the same --vendors file", Send(vendorFile, store)),
            ("rfq send without --vendors", new[] { "send", _rfq, "--store", store }),
            ("rfq resume <number>", new[] { "resume", "RFQ-BENCH-001", "--store", store }),
        };
        foreach (var (label, command) in variants)
        {
            foreach (var file in Directory.GetFiles(_work, "store-resume.db*"))
            {
                File.Delete(file);
            }

            foreach (var file in Directory.GetFiles(backup))
            {
                File.Copy(file, Path.Combine(_work, Path.GetFileName(file)));
            }

            _sink.Reset();
            var args = command.Concat(SinkArgs()).Concat(ExtraCliArgs()).ToArray();
            var report = await RunChildAsync(args);
            var first = _sink.FirstMessageAt;
            var success = report.Exit == 0 && _sink.Messages == vendors - alreadySent && first is not null;
            ok &= success;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"resume {label}: exit {report.Exit}, {_sink.Messages:N0} new messages; first new message {((first ?? report.InvokeEnd) - report.ProcessStart).TotalSeconds:F2} s after the process started ({((first ?? report.InvokeEnd) - report.InvokeStart).TotalSeconds:F2} s after rfq's command started); run done in {(report.InvokeEnd - report.ProcessStart).TotalSeconds:F1} s; peak working set {report.PeakWorkingSetMb:F0} MB"));
            PrintError(report, success);
        }

        return ok;
    }

    private async Task<bool> RateAsync(int perMinute, int vendors)
    {
        var store = Fresh("store-rate.db");
        var args = Send(VendorFile(vendors), store).Concat(SinkArgs()).Concat(ExtraCliArgs())
            .Concat(new[] { "--rate-per-minute", perMinute.ToString(CultureInfo.InvariantCulture) }).ToArray();
        _sink.Reset();
        _sink.RecordArrivals = true;
        var report = await RunChildAsync(args);
        _sink.RecordArrivals = false;
        var times = _sink.Arrivals.OrderBy(t => t).Select(t => t / (double)Stopwatch.Frequency).ToList();
        if (report.Exit != 0 || times.Count < 2)
        {
            PrintError(report, false);
            return false;
        }

        var maxIn60 = MaxInWindow(times, 60);
        var maxIn1 = MaxInWindow(times, 1);
        var span = times[^1] - times[0];
        var firstMinute = times.Count(t => t - times[0] < 60);
        var afterMinute = times.Count - firstMinute;
        var afterRate = afterMinute > 1 ? (afterMinute - 1) / (times[^1] - times[firstMinute]) * 60 : double.NaN;
        // The tightest span of limit+1 consecutive arrivals: a limit kept at the server needs >= 60 s.
        var tightest = Enumerable.Range(0, Math.Max(0, times.Count - perMinute)).Select(i => times[i + perMinute] - times[i]).DefaultIfEmpty(double.NaN).Min();
        var ok = maxIn60 <= perMinute && times.Count == vendors;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rate {perMinute}/min, {vendors} vendors: {times.Count} messages in {span:F1} s; most in any 60 s window {maxIn60} (limit {perMinute}: {(maxIn60 <= perMinute ? "kept" : "EXCEEDED")}); tightest span of {perMinute + 1} consecutive arrivals {tightest:F3} s; most in any 1 s window {maxIn1}; first 60 s: {firstMinute}; after it: {afterRate:F0}/min; overall {(times.Count - 1) / span * 60:F0}/min"));
        return ok;
    }

    private static int MaxInWindow(IReadOnlyList<double> times, double seconds)
    {
        var best = 0;
        var start = 0;
        for (var end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= seconds)
            {
                start++;
            }

            best = Math.Max(best, end - start + 1);
        }

        return best;
    }

    /// <summary>True with --keep: leave the work folder (and the workers scenario's schemas).</summary>
    internal bool Keep => _args.Contains("--keep");

    /// <summary>The folder this run works in (vendor files, stores, rfq's output).</summary>
    internal string Work => _work;

    /// <summary>The SMTP sink every SMTP scenario sends to (in this process).</summary>
    internal SmtpSink Sink => _sink;

    /// <summary>The RFQ file every scenario sends (number RFQ-BENCH-001).</summary>
    internal string RfqFile => _rfq;

    private Task<ScenarioReport> RunChildAsync(string[] cliArgs) => RunChildAsync(cliArgs, "rfq-output.txt", null);

    /// <summary>
    /// Runs <paramref name="cliArgs"/> through rfq's command tree in a child process of its own;
    /// rfq's output goes to <paramref name="outputName"/> in the work folder; <paramref name="environment"/>
    /// is added to the child's environment (a store password).
    /// </summary>
    internal async Task<ScenarioReport> RunChildAsync(string[] cliArgs, string outputName, IReadOnlyDictionary<string, string>? environment)
    {
        var self = typeof(ScaleBenchmark).Assembly.Location;
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { WorkingDirectory = _work, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(self);
        }

        start.ArgumentList.Add("scale-run");
        start.ArgumentList.Add(Path.Combine(_work, outputName));
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add("--");
        foreach (var arg in cliArgs)
        {
            start.ArgumentList.Add(arg);
        }

        var processStart = DateTime.UtcNow;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        var report = line is null
            ? new ScenarioReport { Exit = -1, Error = (await stdout) + (await stderr) }
            : JsonSerializer.Deserialize<ScenarioReport>(line)!;
        report.ProcessStart = processStart;
        return report;
    }

    internal static void PrintError(ScenarioReport report, bool ok)
    {
        if (!ok && report.Error.Length > 0)
        {
            Console.WriteLine("  rfq said: " + report.Error.Trim().Replace("\n", "\n  ", StringComparison.Ordinal));
        }
    }

    private string[] Send(string vendorFile, string store) => new[] { "send", _rfq, "--vendors", vendorFile, "--store", store };

    internal string[] SinkArgs() => new[] { "--transport", "smtp", "--smtp-server", "127.0.0.1", "--port", _sink.Port.ToString(CultureInfo.InvariantCulture), "--tls-mode", "None" };

    internal IEnumerable<string> ExtraCliArgs()
    {
        foreach (var name in new[] { "--concurrency", "--batch-size" })
        {
            if (Arg(name) is string value)
            {
                yield return name;
                yield return value;
            }
        }
    }

    internal string? Arg(string name)
    {
        var index = Array.IndexOf(_args, name);
        return index >= 0 && index + 1 < _args.Length ? _args[index + 1] : null;
    }

    internal string Fresh(string name)
    {
        var path = Path.Combine(_work, name);
        foreach (var file in Directory.GetFiles(_work, name + "*"))
        {
            File.Delete(file);
        }

        return path;
    }

    /// <summary>A CSV of <paramref name="count"/> vendors (one To contact each), written once per count.</summary>
    internal string VendorFile(int count)
    {
        var path = Path.Combine(_work, $"vendors-{count}.csv");
        if (!File.Exists(path))
        {
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
            writer.WriteLine("Company,Contact,Email,Category");
            for (var i = 1; i <= count; i++)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Vendor {i} GmbH,Contact {i},sales{i}@vendor{i}.example,{(i % 3 == 0 ? "cable" : "wire")}"));
            }
        }

        return path;
    }
}
