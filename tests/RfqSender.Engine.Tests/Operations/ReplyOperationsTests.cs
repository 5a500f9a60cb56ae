using RfqSender.Engine.Operations;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Tests.Responses;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Operations;

/// <summary>The runtime's reply operations: read a source into the store, list what was read, assign an unmatched reply by hand.</summary>
public sealed class ReplyOperationsTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StoreSettings Store => StoreSettings.Sqlite(_temp.Combine("data", "rfq.db"));

    private async Task<string> SeededMailboxAsync()
    {
        using (var store = DeliveryStoreFactory.Open(Store, create: true))
        {
            await CorpusCampaign.SeedAsync(store);
        }

        var folder = _temp.Combine("mailbox");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(ResponseCorpus.Folder, "*.eml"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    [Fact]
    public async Task Replies_are_read_with_their_quotes_kept_beside_the_store_and_listed()
    {
        var mailbox = await SeededMailboxAsync();
        using var runtime = RfqRuntime.ForStore(Store);
        var heard = new List<ReceivedReply>();

        var result = await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(mailbox), new ReceiveOptions(), heard.Add, CancellationToken.None);

        Assert.Equal(32, result.Recorded);
        Assert.Equal(32, heard.Count);
        var quote = (await runtime.GetRepliesAsync(new InboundQuery { RfqNumber = CorpusCampaign.RfqNumber, VendorKeys = new[] { "v-tail" }, Kinds = new[] { ReplyKind.Reply } }, CancellationToken.None))
            .Single(r => r.Attachments.Count > 0);
        Assert.StartsWith(Path.Combine(_temp.Combine("data"), "quotes", CorpusCampaign.RfqNumber, "V-TAIL") + Path.DirectorySeparatorChar, quote.Attachments[0].SavedPath!, StringComparison.Ordinal);
        Assert.Equal("Quotation-TT-2026-0412.pdf", Path.GetFileName(quote.Attachments[0].SavedPath));
        Assert.Equal(Path.Combine(Path.GetDirectoryName(quote.Attachments[0].SavedPath)!, "message.eml"), quote.EmlPath);
        Assert.Equal(DeliveryCorrector.CurrentUser, (await runtime.OpenExistingStore().GetChangesAsync(CorpusCampaign.RfqNumber, new[] { "V-TAIL" }, CancellationToken.None)).Single().ChangedBy);

        var unmatched = await runtime.GetRepliesAsync(new InboundQuery { Matched = false }, CancellationToken.None);
        Assert.Equal(ResponseCorpus.Cases.Count(c => ResponseCorpus.Text(c, "vendor") is null), unmatched.Count);
        Assert.All(unmatched.Where(r => r.EmlPath is not null), r => Assert.StartsWith(Path.Combine(_temp.Combine("data"), "quotes", "unmatched"), r.EmlPath!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reading_only_named_campaigns_leaves_the_others_unmatched_and_an_unknown_one_is_refused()
    {
        var mailbox = await SeededMailboxAsync();
        using var runtime = RfqRuntime.ForStore(Store);

        var ex = await Assert.ThrowsAsync<RfqSenderException>(() =>
            runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(mailbox), new ReceiveOptions { RfqNumbers = new[] { "RFQ-NOPE" } }, null, CancellationToken.None));
        Assert.Contains("RFQ-NOPE", ex.Message);

        var result = await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(mailbox), new ReceiveOptions { RfqNumbers = new[] { "RFQ-FILLER" }, KeepFiles = false }, null, CancellationToken.None);
        Assert.Equal((32, 32, 0), (result.Recorded, result.Unmatched, result.DeliveriesChanged));
        Assert.False(Directory.Exists(_temp.Combine("data", "quotes")));
    }

    [Fact]
    public async Task An_unmatched_reply_is_assigned_by_hand_once_and_answers_for_its_vendor()
    {
        var mailbox = await SeededMailboxAsync();
        using var runtime = RfqRuntime.ForStore(Store);
        await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(mailbox), new ReceiveOptions(), null, CancellationToken.None);
        var reply = (await runtime.GetRepliesAsync(new InboundQuery { Matched = false }, CancellationToken.None)).Single(r => r.SourceId == "12-private-gmail-no-token.eml");

        runtime.AuditSource = "cli";
        var assigned = await runtime.AssignReplyAsync(reply.Id, CorpusCampaign.RfqNumber, "v-van", "the owner's private address", "alice", CancellationToken.None);
        var audit = (await runtime.GetAuditAsync(CorpusCampaign.RfqNumber, 10, CancellationToken.None)).Single();
        Assert.Equal(("alice", "assign-reply", "V-VAN", "cli"), (audit.User, audit.Action, audit.VendorKey, audit.Source));
        Assert.Equal($"Reply #{reply.Id}, Sent to Responded: the owner's private address", audit.Detail);
        Assert.DoesNotContain("@", audit.Detail);

        Assert.Equal(("V-VAN", ReplyMatchMethod.Assigned, "alice"), (assigned.VendorKey, assigned.MatchMethod, assigned.AssignedBy));
        Assert.Equal((DeliveryState.Sent, DeliveryState.Responded), (assigned.ChangedFrom, assigned.ChangedTo));
        var change = (await runtime.OpenExistingStore().GetChangesAsync(CorpusCampaign.RfqNumber, new[] { "V-VAN" }, CancellationToken.None)).Single();
        Assert.Equal(("alice", "the owner's private address", DeliveryState.Responded), (change.ChangedBy, change.Reason, change.To));

        var again = await Assert.ThrowsAsync<RfqSenderException>(() => runtime.AssignReplyAsync(reply.Id, CorpusCampaign.RfqNumber, "V-VAN", null, "alice", CancellationToken.None));
        Assert.Contains("matched to V-VAN", again.Message);
        var other = (await runtime.GetRepliesAsync(new InboundQuery { Matched = false }, CancellationToken.None)).First();
        var noVendor = await Assert.ThrowsAsync<DeliveryCorrectionException>(() => runtime.AssignReplyAsync(other.Id, CorpusCampaign.RfqNumber, "V-NOBODY", null, "alice", CancellationToken.None));
        Assert.Equal(DeliveryCorrectionRefusal.NotFound, noVendor.Refusal);
        var noReply = await Assert.ThrowsAsync<RfqSenderException>(() => runtime.AssignReplyAsync(99_999, CorpusCampaign.RfqNumber, "V-VAN", null, "alice", CancellationToken.None));
        Assert.Contains("#99999", noReply.Message);
        await Assert.ThrowsAsync<RfqSenderException>(() => runtime.AssignReplyAsync(other.Id, CorpusCampaign.RfqNumber, "V-VAN", "two\nlines", "alice", CancellationToken.None));
    }

    [Fact]
    public async Task The_summary_counts_bounced_and_away_vendors_on_the_campaign_and_category_rows()
    {
        var mailbox = await SeededMailboxAsync();
        using var runtime = RfqRuntime.ForStore(Store);
        var before = (await runtime.GetSummaryAsync(CorpusCampaign.RfqNumber, CancellationToken.None))[0];
        await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(mailbox), new ReceiveOptions { KeepFiles = false }, null, CancellationToken.None);

        var rows = await runtime.GetSummaryAsync(CorpusCampaign.RfqNumber, CancellationToken.None);

        var today = DateTime.UtcNow.Date;
        var away = ResponseCorpus.Cases.Count(c => c.TryGetProperty("outOfOffice", out var ooo) && ooo.GetBoolean()
            && (ResponseCorpus.Text(c, "awayUntil") is not string until || DateTime.Parse(until, System.Globalization.CultureInfo.InvariantCulture) >= today));
        var all = rows[0];
        Assert.Equal((0, 0), (before.Bounced, before.Away));
        Assert.Equal(DeliverySummary.AllCategories, all.Category);
        Assert.Equal(4, all.Bounced);
        Assert.Equal(4, all.Failed);
        Assert.Equal(away, all.Away);
        Assert.Equal(all.Bounced, rows.Single(r => r.Category == DeliverySummary.NoCategory).Bounced);
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => runtime.GetSummaryAsync("RFQ-NOPE", CancellationToken.None));
    }

    [Fact]
    public async Task Listing_replies_of_a_store_that_does_not_exist_finds_none_and_creates_nothing()
    {
        using var runtime = RfqRuntime.ForStore(Store);
        Assert.Empty(await runtime.GetRepliesAsync(new InboundQuery(), CancellationToken.None));
        Assert.False(File.Exists(_temp.Combine("data", "rfq.db")));
    }
}
