using System.Text.Json;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tests.Responses;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Logging;

/// <summary>The runtime's event log (-LogPath, --log): a JSON line per delivery event of a send and of a read of replies, nothing else.</summary>
public sealed class DeliveryEventLogTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static List<JsonElement> Lines(string path) =>
        File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public async Task A_send_writes_a_line_per_delivery_with_campaign_vendor_state_and_time_and_no_address()
    {
        var log = _temp.Combine("events.jsonl");
        var settings = new RfqSenderSettings { StorePath = _temp.Combine("rfq.db"), PickupFolder = _temp.Combine("outbox") };
        await using (var runtime = RfqRuntime.Create(settings))
        {
            runtime.LogTo(log);
            Assert.Equal(log, runtime.LogPath);
            var session = runtime.StartSend(PreparedRfq.Prepare(SendFixture.CreateRfq()), whatIf: false);
            await session.SendVendorsAsync(TestVendors.Many(3), _ => { }, CancellationToken.None);
            await session.SendVendorsAsync(TestVendors.Many(3), _ => { }, CancellationToken.None);
        }

        var lines = Lines(log);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l =>
        {
            Assert.Equal("sent", l.GetProperty("event").GetString());
            Assert.Equal("RFQ-T-1", l.GetProperty("campaign").GetString());
            Assert.Equal("Sent", l.GetProperty("state").GetString());
            Assert.Equal(1, l.GetProperty("attempts").GetInt32());
            Assert.True(DateTimeOffset.TryParse(l.GetProperty("time").GetString(), out _));
        });
        Assert.Equal(new[] { "v0001", "v0002", "v0003" }, lines.Select(l => l.GetProperty("vendorKey").GetString()).OrderBy(k => k, StringComparer.Ordinal));
        var text = File.ReadAllText(log);
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Dear", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Copper", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_what_if_send_writes_nothing_and_a_log_that_cannot_be_opened_is_named()
    {
        var log = _temp.Combine("whatif.jsonl");
        var settings = new RfqSenderSettings { StorePath = _temp.Combine("rfq.db"), PickupFolder = _temp.Combine("outbox") };
        await using var runtime = RfqRuntime.Create(settings);
        runtime.LogTo(log);
        var session = runtime.StartSend(PreparedRfq.Prepare(SendFixture.CreateRfq()), whatIf: true);
        var preview = await session.PreviewAsync(TestVendors.Many(2), CancellationToken.None);

        Assert.Equal(2, preview.Count);
        Assert.Equal(0, new FileInfo(log).Length);
        var missing = _temp.Combine("no", "such", "events.jsonl");
        var error = Assert.Throws<RfqSenderException>(() => runtime.LogTo(missing));
        Assert.Equal(FailureKind.InvalidInput, error.Kind);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_replies_writes_a_line_per_new_message_by_kind_and_a_second_read_none()
    {
        var store = StoreSettings.Sqlite(_temp.Combine("data", "rfq.db"));
        using (var opened = DeliveryStoreFactory.Open(store, create: true))
        {
            await CorpusCampaign.SeedAsync(opened);
        }

        var log = _temp.Combine("replies.jsonl");
        using (var runtime = RfqRuntime.ForStore(store))
        {
            runtime.LogTo(log);
            await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(ResponseCorpus.Folder), new ReceiveOptions { KeepFiles = false }, null, CancellationToken.None);
            await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(ResponseCorpus.Folder), new ReceiveOptions { KeepFiles = false }, null, CancellationToken.None);
        }

        var lines = Lines(log);
        Assert.Equal(ResponseCorpus.Cases.Count(), lines.Count);
        var events = lines.GroupBy(l => l.GetProperty("event").GetString()!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(ResponseCorpus.Cases.Count(c => ResponseCorpus.Text(c, "vendor") is null), events["unmatched"].Count);
        Assert.All(events["reply"], l => Assert.False(l.TryGetProperty("subject", out _)));
        Assert.Contains(events["reply"], l => l.GetProperty("state").GetString() == "Responded" && l.GetProperty("match").GetString() == "MessageId");
        Assert.Contains(events["bounce"], l => l.GetProperty("state").GetString() == "Failed" && l.GetProperty("bounceStatus").GetString()!.StartsWith("5.", StringComparison.Ordinal));
        Assert.Contains(events["outOfOffice"], l => l.TryGetProperty("awayUntil", out _));
        Assert.All(lines, l => Assert.StartsWith("folder:", l.GetProperty("source").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reminder_run_logs_reminder_events_and_the_report_counts_the_reminders()
    {
        var log = _temp.Combine("reminders.jsonl");
        var settings = new RfqSenderSettings { StorePath = _temp.Combine("rfq.db"), PickupFolder = _temp.Combine("outbox") };
        var rfq = new RfqSender.Engine.Rfqs.Rfq(
            "RFQ-L-1",
            "Cable",
            DateTimeOffset.UtcNow.AddDays(30),
            RfqSender.Engine.Messages.MailboxAddress.Parse("purchasing@contoso.example"),
            null,
            "RFQ {{Rfq.Number}}",
            "Please quote.",
            null,
            new[] { new RfqSender.Engine.Rfqs.LineItem("P-1", "Part", 1m, "pc") },
            Array.Empty<RfqSender.Engine.Rfqs.RfqAttachment>());
        await using (var runtime = RfqRuntime.Create(settings))
        {
            var send = runtime.StartSend(PreparedRfq.Prepare(rfq), whatIf: false);
            await send.SendVendorsAsync(TestVendors.Many(2), _ => { }, CancellationToken.None);
            runtime.LogTo(log);
            var remind = await runtime.StartRemindAsync(rfq.Number, null, new SendOptions(), null, whatIf: false, CancellationToken.None);
            await remind.RemindAsync(new ReminderOptions { MinimumInterval = TimeSpan.Zero }, _ => { }, CancellationToken.None);
        }

        var lines = Lines(log);
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(("reminder", 1), (l.GetProperty("event").GetString(), l.GetProperty("reminder").GetInt32())));
        using var reader = RfqRuntime.ForStore(settings.EffectiveStore);
        var report = await reader.GetReportAsync(rfq.Number, CancellationToken.None);
        Assert.Equal(2, report.RemindersSent);
        Assert.All(report.Vendors, v => Assert.Equal(1, v.Reminders));
        using var html = new StringWriter();
        RfqSender.Engine.Reporting.CampaignReportWriter.Write(report, RfqSender.Engine.Reporting.ReportFormat.Html, html);
        Assert.Contains("data-metric=\"reminders\">2<", html.ToString(), StringComparison.Ordinal);
    }
}
