using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RfqSender.Engine.Tests.Transports.Smtp;
using Xunit.Abstractions;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary>
/// Issue 4's crash test: <c>rfq send</c> runs as a real child process against the local Postfix
/// and is killed with SIGKILL at random moments, round after round, then run again until the
/// campaign is done. Every vendor must have received exactly one message, except those the store
/// marks InDoubt (zero or one), and no crash may leave more InDoubt deliveries than there are
/// connections sending.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int VendorCount = 1000;
    private const int CrashRounds = 15;

    private readonly ITestOutputHelper _log;
    private readonly TestFolder _folder = new();
    private readonly string _number = "RFQ-CRASH-" + Guid.NewGuid().ToString("N").Substring(0, 10);

    public CrashRecoveryTests(ITestOutputHelper log)
    {
        _log = log;
    }

    private string Store => Path.Combine(_folder.Path, "rfqsender.db");

    public void Dispose() => _folder.Dispose();

    [PostfixFact]
    public Task Killed_at_random_over_one_connection_every_vendor_gets_exactly_one_message_or_is_in_doubt() =>
        CrashAndResumeAsync(concurrency: 1, seed: 4101);

    [PostfixFact]
    public Task Killed_at_random_over_three_connections_every_vendor_gets_exactly_one_message_or_is_in_doubt() =>
        CrashAndResumeAsync(concurrency: 3, seed: 4103);

    /// <summary>
    /// A reminder run is resumed like a send: the RFQ goes to a pickup folder, then <c>rfq remind</c> sends
    /// reminder 1 to the test SMTP server and is killed at random, round after round, then run again until
    /// it is done. Every vendor ends reminded once (exactly one reminder in the mailbox) or with its reminder
    /// InDoubt (zero or one), and never gets a second one.
    /// </summary>
    [PostfixFact]
    public async Task A_reminder_run_killed_at_random_and_resumed_sends_each_vendor_exactly_one_reminder_or_leaves_it_in_doubt()
    {
        const int vendorCount = 300;
        var server = PostfixTestServer.Require();
        var random = new Random(4201);
        var rfq = CrashCampaignFiles.WriteRfq(_folder.Path, _number, "Reminder crash test");
        var vendors = CrashCampaignFiles.WriteVendors(_folder.Path, vendorCount);
        var first = CliRun.Invoke("send", rfq, "--vendors", vendors, "--store", Store, "--transport", "pickup", "--pickup", Path.Combine(_folder.Path, "outbox"));
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        var args = new[]
        {
            "remind", _number, "--store", Store, "--min-interval-days", "0", "--max-reminders", "1",
            "--transport", "smtp", "--smtp-server", server.Host, "--port", server.SubmissionPort.ToString(CultureInfo.InvariantCulture),
            "--user", server.User, "--trusted-ca", server.CaPath,
        };
        var report = new StringBuilder();
        var kills = 0;
        try
        {
            for (var round = 1; round <= 8; round++)
            {
                var delay = TimeSpan.FromMilliseconds(random.Next(10, 200));
                var run = await RunChildAsync(server, args, killAfter: delay, killFromStart: false);
                kills += run.Killed ? 1 : 0;
                report.AppendLine(CultureInfo.InvariantCulture, $"round {round}: {(run.Killed ? "killed" : "exited " + run.ExitCode)} {delay.TotalMilliseconds:F0} ms after the first reminder; {Describe(ReadStates())}");
                Assert.True(run.Killed || run.ExitCode is ExitCodes.Success or ExitCodes.Incomplete or ExitCodes.DeliveriesFailed, $"round {round}: exit {run.ExitCode}\n{run.Error}\n{report}");
                if (!run.Killed)
                {
                    break;
                }
            }

            var last = await RunChildAsync(server, args, killAfter: null, killFromStart: false);
            report.AppendLine(CultureInfo.InvariantCulture, $"last run: exited {last.ExitCode}");
            var final = ReadDeliveries();
            var inDoubt = final.Where(kv => kv.Value.GetProperty("state").GetString() == "InDoubt").Select(kv => kv.Key).ToList();
            Assert.Equal(inDoubt.Count > 0 ? ExitCodes.Incomplete : ExitCodes.Success, last.ExitCode);
            Assert.Equal(vendorCount, final.Count);
            foreach (var (address, delivery) in final)
            {
                var state = delivery.GetProperty("state").GetString();
                if (state == "InDoubt")
                {
                    Assert.Equal(1, delivery.GetProperty("reminderPending").GetInt32());
                    Assert.Equal(0, delivery.GetProperty("reminders").GetInt32());
                }
                else
                {
                    Assert.True(state == "Sent" && delivery.GetProperty("reminders").GetInt32() == 1, $"{address}: {delivery}\n{report}");
                }
            }

            var received = await WaitForStableMailboxAsync(server, vendorCount - inDoubt.Count);
            foreach (var (address, delivery) in final)
            {
                var count = received.GetValueOrDefault(address);
                Assert.True(inDoubt.Contains(address) ? count <= 1 : count == 1, $"{address} ({delivery.GetProperty("state").GetString()}) received {count} reminders\n{report}");
            }

            Assert.True(kills >= 1, $"no run was killed: the test did not exercise a crash\n{report}");
            Assert.True(inDoubt.Count <= kills, $"{inDoubt.Count} InDoubt after {kills} kills over one connection\n{report}");
        }
        finally
        {
            _log.WriteLine(report.ToString());
            await server.WaitForMessagesAsync(_number, int.MaxValue, TimeSpan.Zero, delete: true);
        }
    }

    private async Task CrashAndResumeAsync(int concurrency, int seed)
    {
        var server = PostfixTestServer.Require();
        var random = new Random(seed);
        var rfq = CrashCampaignFiles.WriteRfq(_folder.Path, _number, "Crash test");
        var vendors = CrashCampaignFiles.WriteVendors(_folder.Path, VendorCount);
        var args = new[]
        {
            "send", rfq, "--vendors", vendors, "--store", Store,
            "--transport", "smtp", "--smtp-server", server.Host, "--port", server.SubmissionPort.ToString(CultureInfo.InvariantCulture),
            "--user", server.User, "--trusted-ca", server.CaPath, "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
        };
        var watch = Stopwatch.StartNew();
        var kills = 0;
        var report = new StringBuilder();
        var inDoubtBefore = 0;
        try
        {
            for (var round = 1; round <= CrashRounds; round++)
            {
                // Most kills land while messages flow; every fourth lands anywhere from start-up
                // on (loading, registration, the first claim), where nothing may be lost either.
                var early = round % 4 == 0;
                var delay = TimeSpan.FromMilliseconds(early ? random.Next(0, 400) : random.Next(10, 250));
                var run = await RunChildAsync(server, args, killAfter: delay, killFromStart: early);
                var states = ReadStates();
                kills += run.Killed ? 1 : 0;
                var inDoubt = states.Values.Count(s => s == "InDoubt");
                report.AppendLine(CultureInfo.InvariantCulture, $"round {round,2}: {(run.Killed ? "killed" : "exited " + run.ExitCode)} {delay.TotalMilliseconds,4:F0} ms after {(early ? "start" : "first send")}; {Describe(states)}");
                Assert.True(run.Killed || run.ExitCode is ExitCodes.Success or ExitCodes.DeliveriesFailed or ExitCodes.Incomplete, $"round {round}: rfq send failed: exit {run.ExitCode}\n{run.Error}\n{report}");

                // The deliveries a crash leaves behind are recovered when the next run starts, so
                // each round adds at most the previous crash's in-flight messages to InDoubt.
                Assert.True(
                    inDoubt - inDoubtBefore <= concurrency,
                    $"round {round} turned {inDoubt - inDoubtBefore} deliveries InDoubt; at most {concurrency} message(s) can be in flight at once.\n{report}");
                inDoubtBefore = inDoubt;
                if (!run.Killed && states.Values.All(IsFinal))
                {
                    break;
                }
            }

            Dictionary<string, string> final = ReadStates();
            for (var attempt = 1; attempt <= 3 && !final.Values.All(IsFinal); attempt++)
            {
                var run = await RunChildAsync(server, args, killAfter: null, killFromStart: false);
                Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.DeliveriesFailed or ExitCodes.Incomplete, $"the resuming run failed: exit {run.ExitCode}\n{run.Error}\n{report}");
                final = ReadStates();
                report.AppendLine(CultureInfo.InvariantCulture, $"resume {attempt}: exited {run.ExitCode}; {Describe(final)}");
                Assert.True(final.Values.Count(s => s == "InDoubt") - inDoubtBefore <= concurrency, $"the resuming run turned too many deliveries InDoubt\n{report}");
                inDoubtBefore = final.Values.Count(s => s == "InDoubt");
            }

            Assert.Equal(VendorCount, final.Count);
            Assert.True(final.Values.All(s => s is "Sent" or "InDoubt"), $"every delivery ends Sent or InDoubt (none Queued, Deferred, Sending or Failed): {Describe(final)}\n{report}");
            var sent = final.Count(kv => kv.Value == "Sent");
            var received = await WaitForStableMailboxAsync(server, sent);
            var inDoubtVendors = final.Where(kv => kv.Value == "InDoubt").Select(kv => kv.Key).ToList();
            report.AppendLine(CultureInfo.InvariantCulture, $"concurrency {concurrency}, seed {seed}: {kills} kills, {inDoubtVendors.Count} InDoubt ({inDoubtVendors.Count(v => received.GetValueOrDefault(v) == 1)} of them received), {received.Values.Sum()} messages in the mailbox, {watch.Elapsed.TotalSeconds:F1} s");
            foreach (var (address, state) in final)
            {
                var count = received.GetValueOrDefault(address);
                if (state == "Sent")
                {
                    Assert.True(count == 1, $"{address} is Sent but received {count} messages\n{report}");
                }
                else
                {
                    Assert.True(count <= 1, $"{address} is InDoubt and received {count} messages\n{report}");
                }
            }

            Assert.Empty(received.Keys.Except(final.Keys));
            Assert.True(kills >= 5, $"only {kills} of {CrashRounds} rounds were killed: the test did not exercise crashes\n{report}");
            Assert.True(inDoubtVendors.Count <= concurrency * kills, $"{inDoubtVendors.Count} InDoubt after {kills} kills over {concurrency} connection(s)\n{report}");
        }
        finally
        {
            _log.WriteLine(report.ToString());
            await server.WaitForMessagesAsync(_number, int.MaxValue, TimeSpan.Zero, delete: true);
        }
    }

    private static bool IsFinal(string state) => state is not ("Queued" or "Deferred" or "Sending");

    private static string Describe(Dictionary<string, string> states) =>
        string.Join(", ", states.Values.GroupBy(s => s).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));

    /// <summary>The state of every delivery by its To address, read with <c>rfq deliveries --json</c>.</summary>
    private Dictionary<string, string> ReadStates() =>
        ReadDeliveries().ToDictionary(kv => kv.Key, kv => kv.Value.GetProperty("state").GetString()!, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every delivery by its To address, as <c>rfq deliveries --json</c> prints it.</summary>
    private Dictionary<string, JsonElement> ReadDeliveries()
    {
        var run = CliRun.Invoke("deliveries", _number, "--store", Store, "--json");
        if (run.ExitCode == ExitCodes.InvalidInput && !File.Exists(Store))
        {
            return new Dictionary<string, JsonElement>();
        }

        if (run.ExitCode == ExitCodes.InvalidInput && run.Error.Contains("no campaign", StringComparison.Ordinal))
        {
            // Killed before the campaign was registered.
            return new Dictionary<string, JsonElement>();
        }

        Assert.True(run.ExitCode == 0, run.ToString());
        return run.OutputLines
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(r => string.Join("; ", r.GetProperty("to").EnumerateArray().Select(a => a.GetString())), r => r, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Messages of this RFQ delivered to the test mailbox, counted by To address. Postfix delivers
    /// asynchronously: waits until at least <paramref name="atLeast"/> arrived and the count holds still.
    /// </summary>
    private async Task<Dictionary<string, int>> WaitForStableMailboxAsync(PostfixTestServer server, int atLeast)
    {
        var marker = Encoding.ASCII.GetBytes("X-RFQ-Number: " + _number);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        var files = new Dictionary<string, string>();
        var lastCount = -1;
        var stableSince = DateTime.UtcNow;
        while (true)
        {
            foreach (var folder in new[] { "new", "cur" })
            {
                var path = Path.Combine(server.Maildir, folder);
                if (!Directory.Exists(path))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(path))
                {
                    if (files.ContainsKey(file))
                    {
                        continue;
                    }

                    byte[] bytes;
                    try
                    {
                        bytes = await File.ReadAllBytesAsync(file);
                    }
                    catch (IOException)
                    {
                        continue;
                    }

                    if (bytes.AsSpan().IndexOf(marker) >= 0)
                    {
                        files[file] = ToAddress(Encoding.UTF8.GetString(bytes));
                    }
                }
            }

            if (files.Count != lastCount)
            {
                lastCount = files.Count;
                stableSince = DateTime.UtcNow;
            }
            else if (files.Count >= atLeast && DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(2))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"only {files.Count} of at least {atLeast} messages reached the mailbox");
            await Task.Delay(200);
        }

        return files.Values.GroupBy(a => a, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
    }

    private static string ToAddress(string message)
    {
        var headerEnd = message.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = headerEnd < 0 ? message : message.Substring(0, headerEnd);
        var line = headers.Split('\n').Select(l => l.TrimEnd('\r')).First(l => l.StartsWith("To: ", StringComparison.OrdinalIgnoreCase));
        var address = line.Substring(4).Trim();
        var open = address.IndexOf('<');
        return open >= 0 ? address.Substring(open + 1, address.IndexOf('>') - open - 1) : address;
    }

    private async Task<ChildRun> RunChildAsync(PostfixTestServer server, string[] args, TimeSpan? killAfter, bool killFromStart)
    {
        var start = CliChildProcess.StartInfo(_folder.Path, args);
        start.Environment["RFQSENDER_SMTP_PASSWORD"] = server.PasswordText;
        var firstSend = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var child = CliChildProcess.Start(start, line =>
        {
            if (line.StartsWith("Sent", StringComparison.Ordinal))
            {
                firstSend.TrySetResult();
            }
        });
        var exited = child.Exited;
        var killed = false;
        if (killAfter is TimeSpan delay)
        {
            if (!killFromStart)
            {
                await Task.WhenAny(firstSend.Task, exited);
            }

            await Task.WhenAny(Task.Delay(delay), exited);
            if (!child.HasExited)
            {
                child.Kill();
                killed = true;
            }
        }

        if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(60))) != exited)
        {
            child.Kill();
            throw new TimeoutException("rfq send did not finish within 60 s: " + child.Error);
        }

        await exited;
        return new ChildRun(killed, killed ? -9 : child.ExitCode, child.Error);
    }
}
