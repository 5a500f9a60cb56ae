using System.Globalization;
using System.Text;
using System.Text.Json;
using RfqSender.Engine.Tests.Tracking.PostgreSql;
using RfqSender.Engine.Tests.Transports.Smtp;
using RfqSender.Engine.Tests.Support;
using Xunit.Abstractions;

namespace RfqSender.Cli.Tests;

/// <summary>
/// Issue 12's crash test: three <c>rfq send</c> worker processes send one campaign of 5,000 vendors
/// through one PostgreSQL store to a local SMTP server, and in each round one of them is killed
/// with SIGKILL at a random moment while the others go on; then the campaign is finished. Every
/// vendor must have received exactly one message, except those the store marks InDoubt (zero or
/// one); no kill may leave more InDoubt deliveries than that worker's connections; nothing is left
/// Sending.
/// </summary>
public sealed class SharedStoreCrashTests : IAsyncDisposable
{
    private const int VendorCount = 5000;
    private const int Workers = 3;
    private const int Concurrency = 2;
    private const int Rounds = 4;

    private readonly ITestOutputHelper _log;
    private readonly TestFolder _folder = new();
    private readonly FaultSmtpServer _smtp = new();
    private readonly string _number = "RFQ-SHARED-" + Guid.NewGuid().ToString("N").Substring(0, 8);
    private PostgreSqlTestServer? _server;
    private string? _schema;

    public SharedStoreCrashTests(ITestOutputHelper log)
    {
        _log = log;
    }

    public async ValueTask DisposeAsync()
    {
        await _smtp.DisposeAsync();
        if (_schema is not null)
        {
            _server!.DropSchema(_schema);
        }

        _folder.Dispose();
    }

    [SkippableFact]
    public async Task Three_workers_one_killed_each_round_send_every_vendor_exactly_once_or_leave_it_in_doubt()
    {
        _server = PostgreSqlTestServer.Require();
        _schema = _server.CreateSchema();
        var random = new Random(1203);
        var rfq = CrashCampaignFiles.WriteRfq(_folder.Path, _number, "Shared store crash test");
        var vendors = CrashCampaignFiles.WriteVendors(_folder.Path, VendorCount);
        var report = new StringBuilder();
        var kills = 0;
        try
        {
            for (var round = 1; round <= Rounds; round++)
            {
                // Each worker sends at most a share of the campaign per round, so every round has work
                // left for the next; the victim is killed at a random moment after its first message.
                var victim = random.Next(Workers);
                var delay = TimeSpan.FromMilliseconds(random.Next(20, 400));
                var children = Enumerable.Range(0, Workers).Select(i => StartWorker(rfq, vendors, maxMessages: 500)).ToList();
                await Task.WhenAny(children[victim].FirstSend, children[victim].Child.Exited);
                await Task.WhenAny(Task.Delay(delay), children[victim].Child.Exited);
                var killed = !children[victim].Child.HasExited;
                if (killed)
                {
                    children[victim].Child.Kill();
                    kills++;
                }

                await Task.WhenAll(children.Select(c => c.Child.Exited));
                for (var i = 0; i < Workers; i++)
                {
                    if (i == victim && killed)
                    {
                        continue;
                    }

                    Assert.True(
                        children[i].Child.ExitCode is ExitCodes.Success or ExitCodes.Incomplete,
                        $"round {round}: worker {i} exited {children[i].Child.ExitCode}\n{children[i].Child.Error}\n{report}");
                }

                var states = ReadStates();
                report.AppendLine(CultureInfo.InvariantCulture, $"round {round}: worker {victim} {(killed ? $"killed {delay.TotalMilliseconds:F0} ms after its first message" : "exited first")}; {Describe(states)}; {_smtp.Messages.Count} messages at the server");
                foreach (var child in children)
                {
                    child.Child.Dispose();
                }
            }

            // The campaign is finished by one more worker: it takes back what the killed ones left.
            Dictionary<string, string> final = ReadStates();
            for (var attempt = 1; attempt <= 3 && !final.Values.All(IsFinal); attempt++)
            {
                var finisher = StartWorker(rfq, vendors, maxMessages: null);
                await finisher.Child.Exited;
                Assert.True(finisher.Child.ExitCode is ExitCodes.Success or ExitCodes.Incomplete, $"the finishing run exited {finisher.Child.ExitCode}\n{finisher.Child.Error}\n{report}");
                final = ReadStates();
                report.AppendLine(CultureInfo.InvariantCulture, $"finish {attempt}: exited {finisher.Child.ExitCode}; {Describe(final)}");
                finisher.Child.Dispose();
            }

            var received = _smtp.Messages
                .SelectMany(m => m.Recipients)
                .GroupBy(a => a, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            var inDoubt = final.Where(kv => kv.Value == "InDoubt").Select(kv => kv.Key).ToList();
            report.AppendLine(CultureInfo.InvariantCulture, $"{kills} kills, {inDoubt.Count} InDoubt ({inDoubt.Count(v => received.GetValueOrDefault(v) == 1)} of them received), {received.Values.Sum()} messages");

            Assert.Equal(VendorCount, final.Count);
            Assert.True(final.Values.All(s => s is "Sent" or "InDoubt"), $"every delivery ends Sent or InDoubt, none Sending: {Describe(final)}\n{report}");
            foreach (var (address, state) in final)
            {
                var count = received.GetValueOrDefault(address);
                Assert.True(state == "Sent" ? count == 1 : count <= 1, $"{address} is {state} and received {count} messages\n{report}");
            }

            Assert.Empty(received.Keys.Except(final.Keys, StringComparer.OrdinalIgnoreCase));
            Assert.True(kills >= Rounds - 1, $"only {kills} of {Rounds} rounds killed a worker\n{report}");
            Assert.True(inDoubt.Count <= Concurrency * kills, $"{inDoubt.Count} InDoubt after {kills} kills of workers with {Concurrency} connections\n{report}");
        }
        finally
        {
            _log.WriteLine(report.ToString());
        }
    }

    [SkippableFact]
    public async Task Three_workers_under_a_limit_of_600_a_minute_never_exceed_it_together_and_come_close_to_it()
    {
        // 800 vendors: the first 600 go at once, the other 200 only as the first ones leave the window,
        // so the run spans more than a minute and every 60-second window can be checked.
        _server = PostgreSqlTestServer.Require();
        _schema = _server.CreateSchema();
        var rfq = CrashCampaignFiles.WriteRfq(_folder.Path, _number, "Shared store crash test");
        var vendors = CrashCampaignFiles.WriteVendors(_folder.Path, 800);
        var workers = Enumerable.Range(0, Workers).Select(_ => StartWorker(rfq, vendors, maxMessages: null, "--rate-per-minute", "600")).ToList();
        await Task.WhenAll(workers.Select(w => w.Child.Exited));

        foreach (var worker in workers)
        {
            Assert.True(worker.Child.ExitCode is ExitCodes.Success, $"a worker exited {worker.Child.ExitCode}\n{worker.Child.Error}");
            worker.Child.Dispose();
        }

        var arrivals = _smtp.Messages.Select(m => m.ReceivedAt).OrderBy(t => t).ToList();
        var busiest = 0;
        for (int first = 0, last = 0; first < arrivals.Count; first++)
        {
            while (last < arrivals.Count && arrivals[last] - arrivals[first] < TimeSpan.FromMinutes(1))
            {
                last++;
            }

            busiest = Math.Max(busiest, last - first);
        }

        var firstMinute = arrivals.Count(t => t - arrivals[0] < TimeSpan.FromMinutes(1));
        _log.WriteLine($"{arrivals.Count} messages over {(arrivals[^1] - arrivals[0]).TotalSeconds:F1} s; busiest 60-second window {busiest}; first minute {firstMinute}");
        Assert.Equal(800, arrivals.Count);
        Assert.Equal(800, ReadStates().Values.Count(s => s == "Sent"));
        Assert.True(busiest <= 600, $"{busiest} messages arrived within one 60-second window");
        Assert.True(firstMinute >= 540, $"only {firstMinute} messages in the first minute: the shared limit is not used");
    }

    private static bool IsFinal(string state) => state is not ("Queued" or "Deferred" or "Sending");

    private static string Describe(Dictionary<string, string> states) =>
        string.Join(", ", states.Values.GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));

    private string Connection => _server!.ConnectionString(_schema);

    private (CliChildProcess Child, Task FirstSend) StartWorker(string rfq, string vendors, int? maxMessages, params string[] extra)
    {
        var args = new List<string>
        {
            "send", rfq, "--vendors", vendors, "--store-connection", Connection,
            "--transport", "smtp", "--smtp-server", "127.0.0.1", "--port", _smtp.Port.ToString(CultureInfo.InvariantCulture), "--tls-mode", "none",
            "--concurrency", Concurrency.ToString(CultureInfo.InvariantCulture), "--batch-size", "50",
        };
        if (maxMessages is int max)
        {
            args.AddRange(new[] { "--max-messages", max.ToString(CultureInfo.InvariantCulture) });
        }

        args.AddRange(extra);

        var start = CliChildProcess.StartInfo(_folder.Path, args);
        start.Environment["RFQSENDER_STORE_PASSWORD"] = _server!.OwnerPassword;
        if (!extra.Contains("--rate-per-minute"))
        {
            // Short leases, so the workers take over a killed one's claims during their runs. (A rate
            // limit's wait longer than half a lease ends a run: the limit test keeps the default.)
            start.Environment["RFQSENDER_STORE_LEASE_SECONDS"] = "10";
        }
        var firstSend = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var child = CliChildProcess.Start(start, line =>
        {
            if (line.StartsWith("Sent", StringComparison.Ordinal))
            {
                firstSend.TrySetResult();
            }
        });
        return (child, firstSend.Task);
    }

    /// <summary>The state of every delivery by its To address, read with <c>rfq deliveries --json</c> from the shared store.</summary>
    private Dictionary<string, string> ReadStates()
    {
        var start = CliChildProcess.StartInfo(_folder.Path, new[] { "deliveries", _number, "--store-connection", Connection, "--json" });
        start.Environment["RFQSENDER_STORE_PASSWORD"] = _server!.OwnerPassword;
        var lines = new List<string>();
        using var child = CliChildProcess.Start(start, line =>
        {
            lock (lines)
            {
                lines.Add(line);
            }
        });
        child.Exited.GetAwaiter().GetResult();
        if (child.ExitCode == ExitCodes.InvalidInput && child.Error.Contains("no campaign", StringComparison.Ordinal))
        {
            return new Dictionary<string, string>();
        }

        Assert.True(child.ExitCode == 0, $"rfq deliveries exited {child.ExitCode}: {child.Error}");
        return lines
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(r => string.Join("; ", r.GetProperty("to").EnumerateArray().Select(a => a.GetString())), r => r.GetProperty("state").GetString()!, StringComparer.OrdinalIgnoreCase);
    }
}
