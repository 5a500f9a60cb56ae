using System.Text.Json;
using RfqSender.Engine.Vendors;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

public sealed class RemindCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    private string Store => Path.Combine(_folder.Path, "rfqsender.db");

    private string Outbox => Path.Combine(_folder.Path, "outbox");

    private static int VendorCount => VendorFileReader.Read(Repository.Example("vendors.csv")).Vendors.Count;

    public void Dispose() => _folder.Dispose();

    private static List<JsonElement> Lines(CliRun run) => run.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public void Remind_what_if_lists_every_vendor_with_its_reason_then_a_run_reminds_once_and_a_second_run_sends_nothing()
    {
        var send = CliRun.Invoke("send", Path.Combine(Repository.ExamplesDueLater(_folder.Path), "rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Outbox, "--max-messages", "3");
        Assert.True(send.ExitCode == ExitCodes.Incomplete, send.ToString());

        var tooRecent = CliRun.Invoke("remind", "RFQ-2026-114", "--store", Store, "--pickup", Outbox, "--what-if", "--json");
        Assert.True(tooRecent.ExitCode == ExitCodes.Success, tooRecent.ToString());
        var listed = Lines(tooRecent);
        Assert.Equal(VendorCount, listed.Count);
        Assert.All(listed, r => Assert.Equal("NotReminded", r.GetProperty("action").GetString()));
        Assert.Equal(3, listed.Count(r => r.GetProperty("detail").GetString()!.StartsWith("too recent: the RFQ went", StringComparison.Ordinal)));
        Assert.Equal(VendorCount - 3, listed.Count(r => r.GetProperty("detail").GetString() == "not sent: the delivery is Queued"));

        var whatIf = CliRun.Invoke("remind", "RFQ-2026-114", "--store", Store, "--pickup", Outbox, "--what-if", "--json", "--min-interval-days", "0");
        Assert.Equal(3, Lines(whatIf).Count(r => r.GetProperty("action").GetString() == "WouldSend" && r.GetProperty("reminder").GetInt32() == 1));
        var files = Directory.GetFiles(Outbox).Length;

        var remind = CliRun.Invoke("remind", "RFQ-2026-114", "--store", Store, "--pickup", Outbox, "--json", "--min-interval-days", "0");
        Assert.True(remind.ExitCode == ExitCodes.Success, remind.ToString());
        Assert.Equal(3, Lines(remind).Count(r => r.GetProperty("action").GetString() == "Sent"));
        Assert.Equal(files + 3, Directory.GetFiles(Outbox).Length);
        var deliveries = Lines(CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", Store, "--json"));
        Assert.Equal(3, deliveries.Count(d => d.GetProperty("reminders").GetInt32() == 1 && d.GetProperty("lastReminderAt").ValueKind == JsonValueKind.String));

        var again = CliRun.Invoke("remind", "RFQ-2026-114", "--store", Store, "--pickup", Outbox, "--json");
        Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
        Assert.DoesNotContain(Lines(again), r => r.GetProperty("action").GetString() == "Sent");
        Assert.Equal(files + 3, Directory.GetFiles(Outbox).Length);
    }

    [Fact]
    public void Remind_of_an_unknown_campaign_or_with_bad_options_exits_2()
    {
        CliRun.Invoke("send", Path.Combine(Repository.ExamplesDueLater(_folder.Path), "rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", Store, "--pickup", Outbox, "--max-messages", "1");

        var unknown = CliRun.Invoke("remind", "RFQ-NOPE", "--store", Store, "--pickup", Outbox);
        var badMax = CliRun.Invoke("remind", "RFQ-2026-114", "--store", Store, "--pickup", Outbox, "--max-reminders", "0");

        Assert.True(unknown.ExitCode == ExitCodes.InvalidInput, unknown.ToString());
        Assert.Contains("no campaign 'RFQ-NOPE'", unknown.Error);
        Assert.True(badMax.ExitCode == ExitCodes.InvalidInput, badMax.ToString());
        Assert.Contains("MaxReminders", badMax.Error);
    }
}
