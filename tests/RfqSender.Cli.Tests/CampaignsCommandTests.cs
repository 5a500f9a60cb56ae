using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary><c>rfq campaigns</c>, and <c>rfq deliveries</c> without a number, as a script or an admin uses them.</summary>
public sealed class CampaignsCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    private string Store => Path.Combine(_folder.Path, "rfqsender.db");

    public void Dispose() => _folder.Dispose();

    private void SendExample(int maxMessages) =>
        CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Path.Combine(_folder.Path, "outbox"), "--max-messages", maxMessages.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Lists_each_campaign_with_its_title_due_date_counts_and_last_activity()
    {
        SendExample(5);

        var text = CliRun.Invoke("campaigns", "--store", Store);
        var json = CliRun.Invoke("campaigns", "--store", Store, "--json");

        Assert.True(text.ExitCode == ExitCodes.Success, text.ToString());
        var line = Assert.Single(text.OutputLines);
        Assert.Matches(@"^RFQ-2026-114  Copper cable, 3 lots  due 2026-12-15 17:00 \+01:00  40 vendors: 35 queued, 5 sent  last activity \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", line);
        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        var campaign = JsonDocument.Parse(Assert.Single(json.OutputLines)).RootElement;
        Assert.Equal("RFQ-2026-114", campaign.GetProperty("rfqNumber").GetString());
        Assert.Equal(5, campaign.GetProperty("sent").GetInt32());
        Assert.Equal(35, campaign.GetProperty("open").GetInt32());
        Assert.Equal(35, campaign.GetProperty("counts").GetProperty("Queued").GetInt32());
        Assert.True(campaign.GetProperty("lastActivity").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public void An_unknown_campaign_or_a_missing_store_exits_2()
    {
        SendExample(1);

        var unknown = CliRun.Invoke("campaigns", "RFQ-404", "--store", Store);
        var missing = CliRun.Invoke("campaigns", "--store", Path.Combine(_folder.Path, "none.db"));

        Assert.True(unknown.ExitCode == ExitCodes.InvalidInput, unknown.ToString());
        Assert.Contains("no campaign 'RFQ-404'", unknown.Error);
        Assert.Empty(unknown.OutputLines);
        Assert.True(missing.ExitCode == ExitCodes.InvalidInput, missing.ToString());
        Assert.False(File.Exists(Path.Combine(_folder.Path, "none.db")));
    }

    [Fact]
    public void Deliveries_without_a_number_names_the_campaigns_of_the_store_and_exits_2()
    {
        SendExample(1);

        var run = CliRun.Invoke("deliveries", "--store", Store);

        Assert.True(run.ExitCode == ExitCodes.InvalidInput, run.ToString());
        Assert.Contains("name the campaign: rfq deliveries <rfq-number>", run.Error);
        Assert.Contains("holds: RFQ-2026-114 (rfq campaigns lists them", run.Error);
        Assert.Empty(run.OutputLines);
    }
}
