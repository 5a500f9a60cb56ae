using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Tracking;
using RfqSender.Web;
using RfqSender.Web.Security;

namespace RfqSender.Benchmarks;

/// <summary>
/// Issue 16's benchmark: how long the status page takes to answer over a campaign of N vendors (100,000 by
/// default), of which 60 % were sent (rfq send --max-messages to the SMTP sink) and the rest are queued. The page
/// server runs in this process (<see cref="StatusServer"/> on 127.0.0.1:0, SQLite store, a local viewer signed in
/// over HTTP with a cookie, as a browser is); each page is requested in turn, <c>--page-requests</c> times (30),
/// after one unmeasured warm-up request, and its median, 95th percentile and maximum are printed with the size of
/// the answer. The campaign page is measured twice: with the overview cached (the server's default, 15 s) and with
/// it read again on every request (<c>OverviewLifetime = 0</c>), which is what one user's reload costs after the
/// cache expired. Usage: <c>scale --only page [--vendors 100000] [--page-requests 30]</c>.
/// </summary>
internal sealed class PageScenario
{
    private readonly ScaleBenchmark _bench;

    public PageScenario(ScaleBenchmark bench) => _bench = bench;

    public async Task<bool> RunAsync(int vendors)
    {
        var requests = _bench.Arg("--page-requests") is { } given ? int.Parse(given, CultureInfo.InvariantCulture) : 30;
        var store = _bench.Fresh("store-page.db");
        var sent = vendors * 6 / 10;
        var cli = new[] { "send", _bench.RfqFile, "--vendors", _bench.VendorFile(vendors), "--store", store, "--max-messages", sent.ToString(CultureInfo.InvariantCulture) }
            .Concat(_bench.SinkArgs()).ToArray();
        _bench.Sink.Reset();
        var report = await _bench.RunChildAsync(cli, "rfq-page-send.txt", null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"page: campaign of {vendors:N0} vendors registered, {_bench.Sink.Messages:N0} sent (exit {report.Exit}), store {new FileInfo(store).Length / 1048576.0:F0} MB"));
        if (report.Exit is not (0 or 4) || _bench.Sink.Messages != sent)
        {
            ScaleBenchmark.PrintError(report, ok: false);
            return false;
        }

        var users = Path.Combine(_bench.Work, "users.json");
        new LocalUserFile(users).AddOrUpdate("bench", StatusRoles.Viewer, "bench-password-0001");
        string key;
        await using (var runtime = RfqRuntime.ForStore(StoreSettings.Sqlite(store)))
        {
            key = (await runtime.GetDeliveryPageAsync(new DeliveryPageQuery("RFQ-BENCH-001") { Offset = vendors * 7 / 10, Limit = 1 }, CancellationToken.None)).Records[0].VendorKey;
        }

        var stores = new List<(string Name, StoreSettings Settings)> { ("SQLite", StoreSettings.Sqlite(store)) };
        var workers = new WorkersScenario(_bench);
        string? schema = null;
        if (Environment.GetEnvironmentVariable("RFQSENDER_PG_OWNER_PASSWORD") is { Length: > 0 })
        {
            // The same campaign copied to a fresh PostgreSQL schema (Copy-RfqStore's operation), read as the least-rights worker role.
            schema = "bench16_" + Guid.NewGuid().ToString("N").Substring(0, 6);
            workers.Psql($"CREATE SCHEMA {schema}; GRANT USAGE ON SCHEMA {schema} TO {workers.Worker};");
            var owner = StoreSettings.PostgreSql($"{workers.Server};Username={workers.Owner};Search Path={schema}", null, WorkersScenario.Secure(WorkersScenario.Password("RFQSENDER_PG_OWNER_PASSWORD")));
            var copy = Stopwatch.StartNew();
            await using (var source = RfqRuntime.ForStore(StoreSettings.Sqlite(store)))
            {
                await source.CopyToAsync(owner, null, null, CancellationToken.None);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"page: campaign copied to PostgreSQL schema {schema} in {copy.Elapsed.TotalSeconds:F1} s"));
            stores.Add(("PostgreSQL", StoreSettings.PostgreSql($"{workers.Server};Username={workers.Worker};Search Path={schema}", null, WorkersScenario.Secure(WorkersScenario.Password("RFQSENDER_PG_WORKER_PASSWORD")))));
        }

        var ok = true;
        foreach (var (storeName, settings) in stores)
        {
            ok &= await MeasureAsync(storeName, settings, users, key, vendors, requests);
        }

        if (schema is not null && !_bench.Keep)
        {
            workers.Psql($"DROP SCHEMA {schema} CASCADE;");
        }

        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"page: benchmark process (server and sink) peak working set {self.PeakWorkingSet64 / 1048576.0:F0} MB"));
        return ok;
    }

    private async Task<bool> MeasureAsync(string storeName, StoreSettings settings, string users, string key, int vendors, int requests)
    {
        var ok = true;
        Console.WriteLine($"page [{storeName}]: load average {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var (label, lifetime) in new[] { ("overview cached", TimeSpan.FromSeconds(15)), ("overview read every request", TimeSpan.Zero) })
        {
            var options = new StatusServerOptions
            {
                Store = settings,
                Urls = new List<string> { "http://127.0.0.1:0" },
                UsersFile = users,
                OverviewLifetime = lifetime,
            };
            await using var server = await StatusServer.StartAsync(options, CancellationToken.None);
            using var client = await SignInAsync(server.Addresses[0]);
            var campaign = "/campaigns/RFQ-BENCH-001";
            var pages = lifetime == TimeSpan.Zero
                ? new[] { ("campaign page", campaign) }
                : new[]
                {
                    ("campaigns", "/"),
                    ("campaign page", campaign),
                    ("campaign, state=Queued, page 400", campaign + "?state=Queued&offset=20000"),
                    ("campaign, category=cable", campaign + "?category=cable"),
                    ("campaign, search one address", campaign + "?q=sales77777%40"),
                    ("campaign, search no match", campaign + "?q=nobody-at-all"),
                    ("campaign, last page", campaign + "?offset=" + ((vendors - 1) / 50 * 50).ToString(CultureInfo.InvariantCulture)),
                    ("live counts (JSON)", campaign + "/live"),
                    ("vendor page", campaign + "/vendors/" + Uri.EscapeDataString(key)),
                    ("report download (HTML)", campaign + "/report"),
                };
            foreach (var (name, path) in pages)
            {
                var times = new List<double>();
                long bytes = 0;
                var count = name.StartsWith("report", StringComparison.Ordinal) ? Math.Min(requests, 5) : requests;
                for (var i = 0; i <= count; i++)
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await client.GetAsync(path);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    watch.Stop();
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Console.WriteLine($"  {name}: HTTP {(int)response.StatusCode}");
                        ok = false;
                        break;
                    }

                    if (i > 0)
                    {
                        times.Add(watch.Elapsed.TotalMilliseconds);
                    }

                    bytes = body.Length;
                }

                if (times.Count == 0)
                {
                    continue;
                }

                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"page [{storeName}, {label}] {name,-36} n={times.Count,3}  median {Percentile(times, 0.5),7:F1} ms  p95 {Percentile(times, 0.95),7:F1} ms  max {times[^1],7:F1} ms  {bytes / 1024.0,7:F1} KB"));
            }
        }

        return ok;
    }

    private static async Task<HttpClient> SignInAsync(Uri address)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = address };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var page = await client.GetStringAsync("/signin");
        var token = Regex.Match(page, "name=\"__rfq_csrf\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__rfq_csrf"] = token,
            ["username"] = "bench",
            ["password"] = "bench-password-0001",
            ["returnUrl"] = "/",
        });
        using var response = await client.PostAsync("/signin", form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in answered {(int)response.StatusCode}");
        }

        return client;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
