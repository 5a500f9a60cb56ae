using System.Diagnostics;
using System.Globalization;
using System.Security;
using System.Text.RegularExpressions;
using RfqSender.Engine.Tracking;

namespace RfqSender.Benchmarks;

/// <summary>
/// Issue 12's shared-store comparison: N worker processes send ONE campaign of the scale harness's
/// vendors together, each running the same <c>rfq send rfq.yaml --vendors vendors.csv
/// --store-connection ...</c> (each registers the vendors, idempotently, and claims due deliveries),
/// against a fresh PostgreSQL schema per run; and SQLite (a fresh file) for comparison. Every
/// configuration runs once per round, the order reversed every other round, so each sees the same
/// load. Measured: wall time from starting the first worker to the last one's exit, each worker's
/// peak working set (its VmHWM) and CPU, the CPU PostgreSQL's processes and this process (the sink)
/// used meanwhile, messages and distinct recipients at the sink, and the store's final counts.
/// Options: <c>--workers 1,2,4</c> (PostgreSQL), <c>--sqlite-workers 1</c>, <c>--rounds 2</c>,
/// <c>--pg "Host=127.0.0.1;Port=55432;Database=rfqsender_test"</c>, <c>--pg-owner rfqsender_owner</c>,
/// <c>--pg-worker rfqsender_worker</c>; the passwords come from RFQSENDER_PG_OWNER_PASSWORD and
/// RFQSENDER_PG_WORKER_PASSWORD. The owner makes the schema (CREATE SCHEMA, GRANT USAGE to the worker,
/// the store's migrations); the workers connect as the least-rights worker role.
/// </summary>
public sealed class WorkersScenario
{
    private const string RfqNumber = "RFQ-BENCH-001";
    private readonly ScaleBenchmark _bench;
    private readonly string _runId = Guid.NewGuid().ToString("N").Substring(0, 6);

    public WorkersScenario(ScaleBenchmark bench) => _bench = bench;

    internal string Server => _bench.Arg("--pg") ?? "Host=127.0.0.1;Port=55432;Database=rfqsender_test";

    internal string Owner => _bench.Arg("--pg-owner") ?? "rfqsender_owner";

    internal string Worker => _bench.Arg("--pg-worker") ?? "rfqsender_worker";

    public async Task<bool> RunAsync(int vendors)
    {
        var configurations = Counts("--workers", "1,2,4").Select(n => (Store: "postgresql", Workers: n))
            .Concat(Counts("--sqlite-workers", "1").Select(n => (Store: "sqlite", Workers: n)))
            .ToList();
        var rounds = int.Parse(_bench.Arg("--rounds") ?? "2", CultureInfo.InvariantCulture);
        var vendorFile = _bench.VendorFile(vendors);
        Console.WriteLine($"workers: {vendors:N0} vendors, {rounds} round(s) of {string.Join(", ", configurations.Select(c => c.Store + " x" + c.Workers.ToString(CultureInfo.InvariantCulture)))}; PostgreSQL {Server}, owner {Owner}, workers as {Worker}");
        var ok = true;
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? configurations : Enumerable.Reverse(configurations).ToList();
            foreach (var (store, workers) in order)
            {
                ok &= await RunOneAsync(round, store, workers, vendors, vendorFile);
            }
        }

        return ok;
    }

    private IEnumerable<int> Counts(string name, string fallback) =>
        (_bench.Arg(name) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture));

    private async Task<bool> RunOneAsync(int round, string store, int workers, int vendors, string vendorFile)
    {
        var label = $"{store} x{workers} round {round}";
        string[] storeArgs;
        var environment = new Dictionary<string, string>();
        string? schema = null;
        if (store == "postgresql")
        {
            schema = $"bench12_{_runId}_w{workers}_r{round}";
            Psql($"CREATE SCHEMA {schema}; GRANT USAGE ON SCHEMA {schema} TO {Worker};");
            var migrate = Stopwatch.StartNew();
            DeliveryStoreFactory.Open(StoreSettings.PostgreSql($"{Server};Username={Owner};Search Path={schema}", null, Secure(Password("RFQSENDER_PG_OWNER_PASSWORD"))), create: true).Dispose();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: schema {schema} made and migrated by {Owner} in {migrate.Elapsed.TotalSeconds:F1} s"));
            storeArgs = new[] { "--store-connection", $"{Server};Username={Worker};Search Path={schema}" };
            environment["RFQSENDER_STORE_PASSWORD"] = Password("RFQSENDER_PG_WORKER_PASSWORD");
        }
        else
        {
            storeArgs = new[] { "--store", _bench.Fresh($"store-workers-{workers}-r{round}.db") };
        }

        var sink = _bench.Sink;
        sink.Reset();
        sink.RecordRecipients = true;
        Console.WriteLine($"{label}: load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var postgresCpuBefore = PostgresCpuSeconds();
        var sinkCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var children = Enumerable.Range(1, workers).Select(i => _bench.RunChildAsync(
            new[] { "send", _bench.RfqFile, "--vendors", vendorFile }.Concat(storeArgs).Concat(_bench.SinkArgs()).Concat(_bench.ExtraCliArgs()).ToArray(),
            $"rfq-output-{store}-{workers}-r{round}-w{i}.txt",
            environment)).ToList();
        var reports = await Task.WhenAll(children);
        watch.Stop();
        var sinkCpu = (Process.GetCurrentProcess().TotalProcessorTime - sinkCpuBefore).TotalSeconds;
        var postgresCpu = PostgresCpuSeconds() - postgresCpuBefore;
        sink.RecordRecipients = false;
        var wall = watch.Elapsed.TotalSeconds;
        var messages = sink.Messages;
        var distinct = sink.DistinctRecipients;
        var repeated = sink.RepeatedRecipients;
        var first = ((sink.FirstMessageAt ?? DateTime.UtcNow) - started).TotalSeconds;
        var sending = ((sink.LastMessageAt ?? DateTime.UtcNow) - (sink.FirstMessageAt ?? DateTime.UtcNow)).TotalSeconds;
        var peaks = reports.Select(r => r.PeakWorkingSetMb).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: wall {wall:F1} s = {messages / wall:F0} msg/s; {messages:N0} messages over {sink.Connections} connection(s) to {distinct:N0} distinct recipients ({repeated.Count} repeated); first message {first:F1} s after start, first to last {sending:F1} s = {messages / Math.Max(sending, 0.001):F0} msg/s; peak working set per worker {string.Join(" / ", peaks.Select(p => p.ToString("F0", CultureInfo.InvariantCulture)))} MB, total {peaks.Sum():F0} MB; CPU workers {string.Join(" / ", reports.Select(r => r.CpuSeconds.ToString("F1", CultureInfo.InvariantCulture)))} s, PostgreSQL {postgresCpu:F1} s, sink {sinkCpu:F1} s"));
        var exactlyOnce = messages == vendors && distinct == vendors && repeated.Count == 0;
        var exits = true;
        for (var i = 0; i < reports.Length; i++)
        {
            var report = reports[i];
            var summary = report.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith(RfqNumber + ":", StringComparison.Ordinal)) ?? "(no summary line)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  worker {i + 1}: exit {report.Exit}, ran {(report.InvokeStart - started).TotalSeconds:F1}-{(report.InvokeEnd - started).TotalSeconds:F1} s, peak {report.PeakWorkingSetMb:F0} MB, CPU {report.CpuSeconds:F1} s; {summary.Trim()}"));
            exits &= report.Exit == 0;
            ScaleBenchmark.PrintError(report, report.Exit == 0);
        }

        foreach (var (address, count) in repeated.Take(5))
        {
            Console.WriteLine($"  REPEATED: {address} got {count} messages");
        }

        var check = await _bench.RunChildAsync(new[] { "deliveries", RfqNumber, "--summary" }.Concat(storeArgs).ToArray(), $"summary-{store}-{workers}-r{round}.txt", environment);
        var counts = File.ReadAllText(Path.Combine(_bench.Work, $"summary-{store}-{workers}-r{round}.txt")).Trim();
        Console.WriteLine($"  store (rfq deliveries --summary, exit {check.Exit}): {counts.Replace("\n", "\n    ", StringComparison.Ordinal)}");
        exactlyOnce &= check.Exit == 0 && SentCount(counts) == vendors;
        if (schema is not null)
        {
            var rows = Psql($"SELECT count(*) || ' rows, ' || count(DISTINCT vendor_key) || ' vendor keys, attempts ' || min(attempts) || '-' || max(attempts) FROM {schema}.deliveries WHERE rfq_number = '{RfqNumber}';").Trim();
            Console.WriteLine($"  store (psql): {rows}");
            exactlyOnce &= rows.StartsWith(vendors.ToString(CultureInfo.InvariantCulture) + " rows, " + vendors.ToString(CultureInfo.InvariantCulture) + " vendor keys", StringComparison.Ordinal);
            // What the run did to the tables (this schema's own statistics): inserts, updates, how many of them HOT.
            Console.WriteLine("  table statistics: " + Psql($"SELECT string_agg(relname || ' ins ' || n_tup_ins || ' upd ' || n_tup_upd || ' hot ' || n_tup_hot_upd || ' idx scans ' || coalesce(idx_scan, 0) || ' seq scans ' || seq_scan, '; ' ORDER BY relname) FROM pg_stat_user_tables WHERE schemaname = '{schema}';").Trim());
            if (!_bench.Keep)
            {
                Psql($"DROP SCHEMA {schema} CASCADE;");
            }
        }

        Console.WriteLine($"{label}: {(exactlyOnce ? "every vendor sent exactly once (sink and store agree)" : "CHECK FAILED: not every vendor was sent exactly once")}; {(exits ? "every worker exited 0" : "A WORKER EXITED NON-ZERO")}");
        return exactlyOnce && exits;
    }

    /// <summary>The campaign's sent count in <c>rfq deliveries --summary</c> output (its "(all) total n sent n" line), or -1.</summary>
    private static int SentCount(string summary)
    {
        var match = Regex.Match(summary, @"^\(all\)\s+total\s+\d+\s+sent\s+(\d+)", RegexOptions.Multiline);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    internal static string Password(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set (the workers scenario needs the PostgreSQL roles' passwords; see tests/ci/start-postgresql.sh)");

    internal static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>Runs SQL through psql as the owner role; returns its unaligned, tuples-only output.</summary>
    internal string Psql(string sql)
    {
        var builder = ParseServer();
        var start = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-h", builder["host"], "-p", builder["port"], "-U", Owner, "-d", builder["database"], "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PGPASSWORD"] = Password("RFQSENDER_PG_OWNER_PASSWORD");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"psql failed ({process.ExitCode}): {error}");
        }

        return output.Result;
    }

    private Dictionary<string, string> ParseServer()
    {
        var parts = Server.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        parts.TryAdd("port", "5432");
        return parts;
    }

    /// <summary>
    /// User + system CPU of every process named postgres (the server and its live backends) plus their
    /// reaped children's (the postmaster's cutime/cstime: backends that have exited), in seconds.
    /// </summary>
    private static double PostgresCpuSeconds()
    {
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                if (stat.IndexOf("(postgres)", StringComparison.Ordinal) < 0 || close < 0)
                {
                    continue;
                }

                var fields = stat.Substring(close + 2).Split(' ');
                ticks += Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return ticks / 100.0;
    }
}
