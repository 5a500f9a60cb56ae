using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary><c>rfq report</c>: the corpus campaign sent to a pickup folder, its replies read, and its report written to a file or standard output.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Store => _folder.Combine("rfq.db");

    private void SendAndReadReplies()
    {
        var mailbox = CorpusCampaignRun.Send(_folder, Store);
        var read = CliRun.Invoke("replies", "receive", mailbox, "--store", Store, "--no-files");
        Assert.True(read.ExitCode == ExitCodes.Success, read.ToString());
    }

    [Fact]
    public void The_report_is_written_to_a_file_or_to_standard_output_with_the_summarys_figures()
    {
        SendAndReadReplies();
        var summary = CliRun.Invoke("deliveries", "RFQ-2026-114", "--summary", "--store", Store, "--json");
        var all = JsonDocument.Parse(summary.OutputLines[0]).RootElement;

        var html = CliRun.Invoke("report", "RFQ-2026-114", "--out", _folder.Combine("report.html"), "--store", Store);
        var json = CliRun.Invoke("report", "RFQ-2026-114", "--format", "json", "--store", Store);
        var csv = CliRun.Invoke("report", "RFQ-2026-114", "-o", _folder.Combine("report.csv"), "--store", Store);

        Assert.True(html.ExitCode == ExitCodes.Success, html.ToString());
        Assert.Equal(_folder.Combine("report.html"), html.OutputLines.Single());
        var page = File.ReadAllText(_folder.Combine("report.html"));
        Assert.Contains($"data-metric=\"answered\">{all.GetProperty("responded").GetInt32()}<", page, StringComparison.Ordinal);
        Assert.Contains($"data-metric=\"bounced\">{all.GetProperty("bounced").GetInt32()}<", page, StringComparison.Ordinal);
        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        var report = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(all.GetProperty("total").GetInt32(), report.GetProperty("vendors").GetArrayLength());
        Assert.Equal(all.GetProperty("away").GetInt32(), report.GetProperty("totals").GetProperty("away").GetInt32());
        Assert.Equal(all.GetProperty("total").GetInt32() + 1, File.ReadAllLines(_folder.Combine("report.csv")).Length);
    }

    [Fact]
    public void An_unknown_campaign_a_kept_file_and_a_missing_store_are_errors_with_their_exit_codes()
    {
        SendAndReadReplies();
        var kept = _folder.Write("kept.html", "mine");

        var unknown = CliRun.Invoke("report", "RFQ-NOPE", "--out", _folder.Combine("nope.html"), "--store", Store);
        var clobber = CliRun.Invoke("report", "RFQ-2026-114", "--out", kept, "--no-clobber", "--store", Store);
        var noStore = CliRun.Invoke("report", "RFQ-2026-114", "--store", _folder.Combine("none.db"));

        Assert.Equal(ExitCodes.InvalidInput, unknown.ExitCode);
        Assert.Contains("RFQ-NOPE", unknown.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.Combine("nope.html")));
        Assert.Equal(ExitCodes.InvalidInput, clobber.ExitCode);
        Assert.Contains(kept, clobber.Error, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(kept));
        Assert.Equal(ExitCodes.InvalidInput, noStore.ExitCode);
        Assert.False(File.Exists(_folder.Combine("none.db")));
    }
}
