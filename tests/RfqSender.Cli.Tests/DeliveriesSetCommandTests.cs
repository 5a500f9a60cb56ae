using System.Text.Json;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking.Sqlite;

namespace RfqSender.Cli.Tests;

/// <summary><c>rfq deliveries set</c>: corrections by hand, their record, and the exit codes scripts read.</summary>
public sealed class DeliveriesSetCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public DeliveriesSetCommandTests()
    {
        var sent = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Outbox, "--max-messages", "5");
        Assert.True(sent.ExitCode == ExitCodes.Incomplete, sent.ToString());
    }

    private string Store => Path.Combine(_folder.Path, "rfqsender.db");

    private string Outbox => Path.Combine(_folder.Path, "outbox");

    public void Dispose() => _folder.Dispose();

    private static CliRun Set(params string[] args) => CliRun.Invoke(new[] { "deliveries", "set" }.Concat(args).ToArray());

    private Dictionary<string, JsonElement> Deliveries() =>
        CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--json").OutputLines
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(d => d.GetProperty("vendorKey").GetString()!, d => d);

    private string StateOf(string key) => Deliveries()[key].GetProperty("state").GetString()!;

    /// <summary>Leaves the vendor's delivery as a send that stopped in flight leaves it (InDoubt), or still claimed by a live run (Sending).</summary>
    private async Task Strand(string key, bool recover)
    {
        using var store = SqliteDeliveryStore.Open(Store);
        var claimed = (await store.ClaimAsync(new ClaimRequest("RFQ-2026-114", "other-host:4711", 1, TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow) { VendorKeys = new[] { key } }, CancellationToken.None)).Single();
        await store.MarkInFlightAsync(claimed.Record.Id, "other-host:4711", CancellationToken.None);
        if (recover)
        {
            await store.RecoverAbandonedAsync("RFQ-2026-114", DateTimeOffset.UtcNow, owner => owner == "other-host:4711", CancellationToken.None);
        }
    }

    [Fact]
    public void Excludes_a_vendor_records_who_and_why_and_the_next_run_does_not_mail_it()
    {
        var run = Set("RFQ-2026-114", "V006", "--state", "Skipped", "--reason", "Left the cable business", "--store", Store);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Matches($@"^Skipped   V006 .+: Queued to Skipped on .+Z by {System.Text.RegularExpressions.Regex.Escape(Environment.UserName)}: Left the cable business$", Assert.Single(run.OutputLines));
        var resume = CliRun.Invoke("resume", "RFQ-2026-114", "--store", Store, "--pickup", Outbox);
        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
        Assert.Equal("Skipped", StateOf("V006"));
        Assert.Equal(39, Directory.GetFiles(Outbox, "*.eml").Length);
        var change = Deliveries()["V006"].GetProperty("lastChange");
        Assert.Equal(("Queued", "Skipped", "Left the cable business"), (change.GetProperty("from").GetString(), change.GetProperty("to").GetString(), change.GetProperty("reason").GetString()));
        var history = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--history");
        Assert.Contains("V006 ", Assert.Single(history.OutputLines));
    }

    [Fact]
    public async Task Confirms_an_in_doubt_delivery_as_sent_and_queues_another_to_be_sent_again()
    {
        await Strand("V010", recover: true);
        await Strand("V011", recover: true);
        Assert.Equal(("InDoubt", "InDoubt"), (StateOf("V010"), StateOf("V011")));

        var confirm = Set("RFQ-2026-114", "V010", "--state", "Sent", "--reason", "in the relay log", "--store", Store, "--json");
        var resend = Set("RFQ-2026-114", "V011", "--state", "Queued", "--store", Store);
        var resume = CliRun.Invoke("resume", "RFQ-2026-114", "--store", Store, "--pickup", Outbox, "--json");

        Assert.True(confirm.ExitCode == ExitCodes.Success, confirm.ToString());
        var line = JsonDocument.Parse(Assert.Single(confirm.OutputLines)).RootElement;
        Assert.Equal(("Changed", "InDoubt", "Sent"), (line.GetProperty("action").GetString(), line.GetProperty("from").GetString(), line.GetProperty("state").GetString()));
        Assert.True(resend.ExitCode == ExitCodes.Success, resend.ToString());
        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
        var resumed = resume.OutputLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("vendorKey").GetString()).ToList();
        Assert.Contains("V011", resumed);
        Assert.DoesNotContain("V010", resumed);
        Assert.Equal(("Sent", "Sent"), (StateOf("V010"), StateOf("V011")));
    }

    [Fact]
    public async Task A_delivery_claimed_by_a_live_run_is_refused_and_the_others_are_changed_with_exit_1()
    {
        await Strand("V012", recover: false);

        var run = Set("RFQ-2026-114", "V012", "V013", "--state", "Skipped", "--store", Store);

        Assert.True(run.ExitCode == ExitCodes.DeliveriesFailed, run.ToString());
        Assert.Contains("V012 (", run.Error);
        Assert.Contains("is being sent now (claimed by other-host:4711 until", run.Error);
        Assert.Contains("1 of 2 vendor(s) not changed", run.Error);
        Assert.Equal(("Sending", "Skipped"), (StateOf("V012"), StateOf("V013")));
        Assert.Equal("other-host:4711", Deliveries()["V012"].GetProperty("leaseOwner").GetString());
    }

    [Fact]
    public void History_with_attempts_lists_each_send_attempt_and_the_changes_in_time_order()
    {
        Assert.True(Set("RFQ-2026-114", "V001", "--state", "Responded", "--reason", "phoned", "--store", Store).ExitCode == ExitCodes.Success);

        var plain = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--history");
        var text = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--history", "--attempts");
        var json = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--history", "--attempts", "--json");

        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        Assert.Single(plain.OutputLines);
        Assert.Equal(6, text.OutputLines.Count);
        Assert.Matches(@"^V001 attempt 1: Sent at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ by .+: ", text.OutputLines[0]);
        Assert.Equal(plain.OutputLines[0], text.OutputLines[5]);
        var entries = json.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(new[] { "attempt", "attempt", "attempt", "attempt", "attempt", "change" }, entries.Select(e => e.GetProperty("kind").GetString()));
        Assert.All(entries.Take(5), e => Assert.Equal((1, "Sent"), (e.GetProperty("number").GetInt32(), e.GetProperty("state").GetString())));
        Assert.Equal("phoned", entries[5].GetProperty("reason").GetString());
    }

    [Fact]
    public void A_change_the_rules_refuse_and_an_unknown_vendor_exit_1_naming_each()
    {
        var run = Set("RFQ-2026-114", "V001", "V999", "--state", "Skipped", "--store", Store);

        Assert.True(run.ExitCode == ExitCodes.DeliveriesFailed, run.ToString());
        Assert.Contains("V001 (Müller Kabelwerke GmbH) of RFQ-2026-114 is Sent and cannot be set to Skipped", run.Error);
        Assert.Contains("no vendor with the key 'V999'", run.Error);
        Assert.Equal("Sent", StateOf("V001"));
    }

    [Fact]
    public void What_if_shows_the_change_and_makes_none()
    {
        var run = Set("RFQ-2026-114", "V002", "--state", "Queued", "--what-if", "--store", Store);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.StartsWith("what if: V002 Nordlicht Kabel AS would be set from Sent to Queued", Assert.Single(run.OutputLines));
        Assert.Equal("Sent", StateOf("V002"));
        Assert.Empty(CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--history").OutputLines);
    }

    [Theory]
    [InlineData("--state", "Failed")]
    [InlineData("--state", "Bogus")]
    [InlineData("--state", "Skipped", "--reason", "two\nlines")]
    public void A_state_only_a_send_sets_an_unknown_state_or_a_bad_reason_is_invalid_input(params string[] options)
    {
        var run = Set(new[] { "RFQ-2026-114", "V006", "--store", Store }.Concat(options).ToArray());

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Equal("Queued", StateOf("V006"));
    }

    [Fact]
    public void An_unknown_campaign_or_a_missing_store_is_invalid_input_and_a_broken_store_a_failure()
    {
        var broken = Path.Combine(_folder.Path, "broken.db");
        File.WriteAllText(broken, "this is not a database, only some text that is long enough to look like a file header....");

        var unknown = Set("RFQ-404", "V001", "--state", "Skipped", "--store", Store);
        var missing = Set("RFQ-2026-114", "V001", "--state", "Skipped", "--store", Path.Combine(_folder.Path, "none.db"));
        var failed = Set("RFQ-2026-114", "V001", "--state", "Skipped", "--store", broken);

        Assert.True(unknown.ExitCode == ExitCodes.InvalidInput, unknown.ToString());
        Assert.Contains("no campaign 'RFQ-404'", unknown.Error);
        Assert.True(missing.ExitCode == ExitCodes.InvalidInput, missing.ToString());
        Assert.False(File.Exists(Path.Combine(_folder.Path, "none.db")));
        Assert.True(failed.ExitCode == ExitCodes.Failure, failed.ToString());
    }
}
