using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary><c>rfq store copy</c>: a campaign moves to another store whole; run again, it copies nothing.</summary>
public sealed class StoreCopyCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_campaign_is_copied_to_another_file_once_and_a_second_copy_finds_it_there()
    {
        var source = _folder.Combine("source.db");
        var target = _folder.Combine("target.db");
        var send = CliRun.Invoke("send", Repository.Example("rfq.yaml"), "--vendors", Repository.Example("vendors.csv"), "--store", source, "--pickup", _folder.Combine("outbox"), "--max-messages", "5");
        Assert.True(send.ExitCode is ExitCodes.Success or ExitCodes.Incomplete, send.ToString());

        var first = CliRun.Invoke("store", "copy", "--store", source, "--to", target, "--json");
        var second = CliRun.Invoke("store", "copy", "RFQ-2026-114", "--store", source, "--to", target);
        var copied = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", target, "--json");
        var original = CliRun.Invoke("deliveries", "RFQ-2026-114", "--store", source, "--json");

        Assert.Equal(0, first.ExitCode);
        var result = JsonDocument.Parse(first.OutputLines.Single()).RootElement;
        Assert.Equal(("RFQ-2026-114", true, 0), (result.GetProperty("rfqNumber").GetString(), result.GetProperty("campaignAdded").GetBoolean(), result.GetProperty("alreadyPresent").GetInt32()));
        var total = result.GetProperty("copied").GetInt32();
        Assert.True(total > 5);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains($"RFQ-2026-114: 0 copied, {total} already there", second.Output);
        Assert.Equal(
            original.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).Select(r => (r.GetProperty("vendorKey").GetString(), r.GetProperty("state").GetString(), r.GetProperty("messageId").GetString())),
            copied.OutputLines.Select(l => JsonDocument.Parse(l).RootElement).Select(r => (r.GetProperty("vendorKey").GetString(), r.GetProperty("state").GetString(), r.GetProperty("messageId").GetString())));
    }

    [Fact]
    public void A_target_is_required_and_only_one()
    {
        var none = CliRun.Invoke("store", "copy", "--store", _folder.Combine("source.db"));
        var both = CliRun.Invoke("store", "copy", "--store", _folder.Combine("source.db"), "--to", _folder.Combine("t.db"), "--to-connection", "Host=db;Database=rfq");
        var missing = CliRun.Invoke("store", "copy", "--store", _folder.Combine("none.db"), "--to", _folder.Combine("t.db"));

        Assert.Equal(ExitCodes.InvalidInput, none.ExitCode);
        Assert.Contains("--to", none.Error);
        Assert.Equal(ExitCodes.InvalidInput, both.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, missing.ExitCode);
        Assert.Contains("no store", missing.Error);
        Assert.False(File.Exists(_folder.Combine("t.db")));
    }
}
