using System.Text.Json;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Cli.Tests;

/// <summary><c>--log</c> on rfq send, resume and replies receive: one JSON line per delivery event, appended.</summary>
public sealed class LogOptionTests : IDisposable
{
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Send_resume_and_reading_replies_append_their_events_to_one_log()
    {
        var store = _folder.Combine("rfq.db");
        var log = _folder.Combine("events.jsonl");
        var mailbox = CorpusCampaignRun.Send(_folder, store);
        var resume = CliRun.Invoke("resume", "RFQ-2026-114", "--store", store, "--pickup", _folder.Combine("outbox"), "--log", log);
        var read = CliRun.Invoke("replies", "receive", mailbox, "--store", store, "--no-files", "--log", log);
        var whatIf = CliRun.Invoke("send", _folder.Combine("rfq.yaml"), "--vendors", _folder.Combine("vendors.csv"), "--store", store, "--pickup", _folder.Combine("outbox"), "--what-if", "--log", _folder.Combine("what-if.jsonl"));

        Assert.True(resume.ExitCode == ExitCodes.Success, resume.ToString());
        Assert.True(read.ExitCode == ExitCodes.Success, read.ToString());
        Assert.True(whatIf.ExitCode == ExitCodes.Success, whatIf.ToString());
        var lines = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Directory.GetFiles(mailbox, "*.eml").Length, lines.Count);
        Assert.Contains(lines, l => l.GetProperty("event").GetString() == "reply" && l.GetProperty("campaign").GetString() == "RFQ-2026-114");
        Assert.False(File.Exists(_folder.Combine("what-if.jsonl")));

        var bad = CliRun.Invoke("replies", "receive", mailbox, "--store", store, "--log", _folder.Combine("no", "such", "events.jsonl"));
        Assert.Equal(ExitCodes.InvalidInput, bad.ExitCode);
        Assert.Contains("events.jsonl", bad.Error, StringComparison.Ordinal);
    }
}
