namespace RfqSender.Cli.Tests;

/// <summary>The reading commands find the store where the sending commands put it: the settings file's <c>store:</c>.</summary>
[Collection(nameof(EnvironmentVariableCollection))]
public sealed class SettingsStoreTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "rfqsender-cli-settings", Guid.NewGuid().ToString("N"));

    public SettingsStoreTests()
    {
        Directory.CreateDirectory(_home);
        Environment.SetEnvironmentVariable("RFQSENDER_HOME", _home);
        File.WriteAllText(Path.Combine(_home, "rfqsender.yaml"), "store: campaigns/purchasing.db\npickupFolder: outbox\n");
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("RFQSENDER_HOME", null);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void Deliveries_and_campaigns_read_the_store_rfqsender_yaml_names_as_send_wrote_it()
    {
        var send = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--max-messages", "3");
        var deliveries = CliRun.Invoke("deliveries", "RFQ-2026-114", "--summary");
        var campaigns = CliRun.Invoke("campaigns");

        Assert.True(File.Exists(Path.Combine(_home, "campaigns", "purchasing.db")), send.ToString());
        Assert.True(deliveries.ExitCode == ExitCodes.Success, deliveries.ToString());
        Assert.Contains("purchasing.db", deliveries.Error + deliveries.Output + send.Error);
        Assert.True(campaigns.ExitCode == ExitCodes.Success, campaigns.ToString());
        Assert.Contains("RFQ-2026-114", campaigns.Output);
    }

    [Fact]
    public void Send_what_if_without_vendors_lists_what_is_due_in_the_store_and_changes_nothing()
    {
        CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--max-messages", "35");
        var store = Path.Combine(_home, "campaigns", "purchasing.db");
        var before = File.ReadAllBytes(store);

        var preview = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--what-if");

        Assert.True(preview.ExitCode == ExitCodes.Success, preview.ToString());
        var lines = preview.OutputLines.Where(l => l.StartsWith("WouldSend", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count > 0, preview.ToString());
        Assert.Equal(CliRun.Invoke("deliveries", "RFQ-2026-114", "--state", "Queued").OutputLines.Count, lines.Count);
        Assert.Equal(before, File.ReadAllBytes(store));
        Assert.Equal(35, Directory.GetFiles(Path.Combine(_home, "outbox"), "*.eml").Length);
    }
}
