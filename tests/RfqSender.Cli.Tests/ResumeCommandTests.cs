using System.Text.Json;
using RfqSender.Engine.Vendors;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

public sealed class ResumeCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    private string Store => Path.Combine(_folder.Path, "rfqsender.db");

    private string Outbox => Path.Combine(_folder.Path, "outbox");

    private static int VendorCount => VendorFileReader.Read(Repository.Example("vendors.csv")).Vendors.Count;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Resume_finishes_a_capped_run_with_the_rfq_the_store_registered_and_summary_counts_by_category()
    {
        var first = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Outbox, "--max-messages", "7");
        var summaryBefore = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--summary", "--json");
        var resume = CliRun.Invoke("resume", "RFQ-2026-114", "--store", Store, "--pickup", Outbox, "--json");
        var summaryAfter = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--summary", "--json");

        Assert.True(first.ExitCode == ExitCodes.Incomplete, first.ToString());
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Equal(VendorCount - 7, resume.OutputLines.Count);
        Assert.All(resume.OutputLines, l => Assert.Equal("Sent", JsonDocument.Parse(l).RootElement.GetProperty("action").GetString()));
        var before = summaryBefore.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var after = summaryAfter.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("(all)", before[0].GetProperty("category").GetString());
        Assert.Equal(VendorCount, before[0].GetProperty("total").GetInt32());
        Assert.Equal(7, before[0].GetProperty("sent").GetInt32());
        Assert.Equal(VendorCount - 7, before[0].GetProperty("queued").GetInt32());
        Assert.Equal(VendorCount, after[0].GetProperty("sent").GetInt32());
        var cables = after.Single(r => r.GetProperty("category").GetString() == "Cables");
        Assert.Equal(cables.GetProperty("total").GetInt32(), cables.GetProperty("sent").GetInt32());
        Assert.True(cables.GetProperty("total").GetInt32() >= 5);
        Assert.Equal(VendorCount, Directory.GetFiles(Outbox, "*.eml").Length);
    }

    [Fact]
    public void Resume_of_an_unknown_campaign_or_store_is_invalid_input()
    {
        CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Outbox, "--max-messages", "1");

        var unknown = CliRun.Invoke("resume", "RFQ-404", "--store", Store);
        var noStore = CliRun.Invoke("resume", "RFQ-2026-114", "--store", Path.Combine(_folder.Path, "none.db"));

        Assert.Equal(ExitCodes.InvalidInput, unknown.ExitCode);
        Assert.Contains("RFQ-404", unknown.Error);
        Assert.Equal(ExitCodes.InvalidInput, noStore.ExitCode);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "none.db")));
    }

    [Fact]
    public void Several_senders_at_once_mail_every_vendor_exactly_once()
    {
        var run = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Outbox, "--concurrency", "4", "--batch-size", "5", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var keys = run.OutputLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("vendorKey").GetString()).ToList();
        Assert.Equal(VendorCount, keys.Count);
        Assert.Equal(VendorCount, keys.Distinct().Count());
        Assert.Equal(VendorCount, Directory.GetFiles(Outbox, "*.eml").Length);
    }

    [Fact]
    public void Bad_pacing_values_are_invalid_input_naming_the_option()
    {
        var run = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Outbox, "--concurrency", "0");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Contains("Concurrency", run.Error);
        Assert.False(Directory.Exists(Outbox));
    }
}
