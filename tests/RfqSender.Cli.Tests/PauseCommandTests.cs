using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking.Sqlite;

namespace RfqSender.Cli.Tests;

/// <summary><c>rfq pause</c> and <c>rfq unpause</c>: a paused campaign is sent nothing by send, resume or remind (exit 4, saying how to lift it) until it is unpaused.</summary>
public sealed class PauseCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    private string Store => Path.Combine(_folder.Path, "rfqsender.db");

    private string Outbox => Path.Combine(_folder.Path, "outbox");

    public void Dispose() => _folder.Dispose();

    private int Mailed => Directory.GetFiles(Outbox, "*.eml").Length;

    [Fact]
    public async Task A_paused_campaign_is_sent_nothing_until_it_is_unpaused_and_then_finishes_once_per_vendor()
    {
        var first = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Outbox, "--max-messages", "5");
        Assert.True(first.ExitCode == ExitCodes.Incomplete, first.ToString());

        var pause = CliRun.Invoke("pause", "RFQ-2026-114", "--reason", "price list is wrong", "--store", Store);
        Assert.True(pause.ExitCode == ExitCodes.Success, pause.ToString());
        Assert.Matches(@"^RFQ-2026-114 paused by .+ at .+Z: price list is wrong; 35 delivery\(ies\) wait\. Lift it with: rfq unpause RFQ-2026-114$", Assert.Single(pause.OutputLines));
        Assert.Contains("PAUSED by ", CliRun.Invoke("campaigns", "--store", Store).Output);

        foreach (var run in new[]
        {
            CliRun.Invoke("resume", "RFQ-2026-114", "--store", Store, "--pickup", Outbox),
            CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Outbox),
            CliRun.Invoke("remind", "RFQ-2026-114", "--store", Store, "--pickup", Outbox, "--min-interval-days", "0"),
        })
        {
            Assert.True(run.ExitCode == ExitCodes.Incomplete, run.ToString());
            Assert.Contains("RFQ-2026-114 is paused (by ", run.Error);
            Assert.Contains(": price list is wrong)", run.Error);
            Assert.Contains("rfq unpause RFQ-2026-114 (Resume-RfqCampaign -RfqNumber RFQ-2026-114)", run.Error);
            Assert.Equal(5, Mailed);
        }

        var unpause = CliRun.Invoke("unpause", "RFQ-2026-114", "--store", Store);
        Assert.True(unpause.ExitCode == ExitCodes.Success, unpause.ToString());
        Assert.Contains("is not paused; 35 delivery(ies) still to do", unpause.Output);
        Assert.DoesNotContain("PAUSED", CliRun.Invoke("campaigns", "--store", Store).Output);

        var resume = CliRun.Invoke("resume", "RFQ-2026-114", "--store", Store, "--pickup", Outbox);
        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
        Assert.Equal(40, Mailed);

        using var store = SqliteDeliveryStore.Open(Store);
        var audit = await store.GetAuditAsync("RFQ-2026-114", 10, CancellationToken.None);
        Assert.Equal(new[] { "unpause", "pause" }, audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(("cli", Environment.UserName), (a.Source, a.User)));
        Assert.Equal("price list is wrong", audit[1].Detail);
    }

    [Fact]
    public void Pausing_an_unknown_campaign_a_missing_store_or_with_a_bad_reason_exits_2()
    {
        var missing = CliRun.Invoke("pause", "RFQ-2026-114", "--store", Store);
        Assert.True(missing.ExitCode == ExitCodes.InvalidInput, missing.ToString());
        Assert.Contains("there is no store", missing.Error);

        var sent = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Outbox, "--max-messages", "1");
        Assert.True(sent.ExitCode == ExitCodes.Incomplete, sent.ToString());
        var unknown = CliRun.Invoke("unpause", "RFQ-NOPE", "--store", Store);
        Assert.True(unknown.ExitCode == ExitCodes.InvalidInput, unknown.ToString());
        Assert.Contains("no campaign 'RFQ-NOPE'", unknown.Error);
        var bad = CliRun.Invoke("pause", "RFQ-2026-114", "--reason", "two\nlines", "--store", Store);
        Assert.True(bad.ExitCode == ExitCodes.InvalidInput, bad.ToString());
        Assert.Contains("cannot be recorded", bad.Error);
    }
}
