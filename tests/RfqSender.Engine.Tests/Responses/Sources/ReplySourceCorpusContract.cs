using System.Text.Json;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Responses.Sources;

/// <summary>
/// What every mailbox source must do, over the corpus: hand over every message once, so that read
/// into a store each is classified and matched as the oracle says, its quote kept and its delivery
/// changed; a second read hands over nothing and changes nothing. An implementation says how to
/// put the corpus in its mailbox and open a source over it; one whose server is not set up here
/// skips (under CI=true it fails instead).
/// </summary>
public abstract class ReplySourceCorpusContract : IDisposable
{
    protected ReplySourceCorpusContract()
    {
        Temp = new TestFolder();
    }

    protected TestFolder Temp { get; }

    /// <summary>Puts these corpus files in a fresh mailbox and returns a way to open sources over it.</summary>
    protected abstract Func<IReplySource> Mailbox(IReadOnlyList<string> corpusFiles);

    public virtual void Dispose() => Temp.Dispose();

    protected static IReadOnlyList<string> AllFiles => ResponseCorpus.Cases.Select(c => c.GetProperty("file").GetString()!).ToList();

    protected IDeliveryStore OpenStore() => DeliveryStoreFactory.Open(StoreSettings.Sqlite(Temp.Combine("store", "rfq.db")), create: true);

    protected ReceiveOptions Options => new() { QuotesFolder = Temp.Combine("quotes"), ReadBy = "reader" };

    [SkippableFact]
    public async Task The_corpus_is_classified_matched_kept_and_applied_as_its_oracle_says()
    {
        var open = Mailbox(AllFiles);
        using var store = OpenStore();
        await CorpusCampaign.SeedAsync(store);
        var received = new List<ReceivedReply>();
        await using (var source = open())
        {
            var result = await new ReplyReceiver(store, Options).ReceiveAsync(source, received.Add, CancellationToken.None);
            Assert.Equal(AllFiles.Count, result.Read);
            Assert.Equal(AllFiles.Count, result.Recorded);
            Assert.Equal(0, result.Unreadable);
        }

        var records = (await store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).ToDictionary(r => r.Subject + "|" + r.MessageId);
        Assert.Equal(AllFiles.Count, records.Count);
        foreach (var file in AllFiles)
        {
            var expected = ResponseCorpus.Case(file);
            var message = ResponseCorpus.Load(file);
            var record = records[message.Subject + "|" + message.MessageId];
            Assert.True(expected.GetProperty("kind").GetString() == record.Kind.ToString(), $"{file}: {record.Kind}");
            Assert.True(expected.GetProperty("method").GetString() == record.MatchMethod.ToString(), $"{file}: {record.MatchMethod} ({record.MatchReason})");
            Assert.True(ResponseCorpus.Text(expected, "vendor") == record.VendorKey, $"{file}: {record.VendorKey}");
            if (ResponseCorpus.Text(expected, "newText") is { } newText)
            {
                Assert.Equal(newText, record.NewText);
            }

            if (expected.TryGetProperty("bounce", out var bounce))
            {
                Assert.Equal(bounce.GetProperty("severity").GetString(), record.BounceSeverity.ToString());
                Assert.Equal(bounce.GetProperty("status").GetString(), record.BounceStatus);
            }

            if (expected.TryGetProperty("awayUntil", out var away))
            {
                Assert.Equal(away.ValueKind == JsonValueKind.Null ? null : DateTime.Parse(away.GetString()!, System.Globalization.CultureInfo.InvariantCulture), record.AwayUntil);
            }

            if (record.Kind == ReplyKind.MailingList)
            {
                Assert.Null(record.EmlPath);
            }
            else
            {
                // A server may store the message with other line ends: the kept file is the same message.
                var kept = InboundMessage.LoadFile(record.EmlPath!);
                Assert.Equal((message.MessageId, message.Subject, message.TextBody), (kept.MessageId, kept.Subject, kept.TextBody));
            }

            var attachments = expected.GetProperty("attachments").EnumerateArray().ToList();
            Assert.Equal(attachments.Count, record.Attachments.Count);
            for (var i = 0; i < attachments.Count; i++)
            {
                var saved = record.Attachments[i];
                Assert.Equal(attachments[i].GetProperty("name").GetString(), saved.FileName);
                Assert.Equal(attachments[i].GetProperty("sha256").GetString(), saved.Sha256);
                Assert.Equal(attachments[i].GetProperty("size").GetInt64(), new FileInfo(saved.SavedPath!).Length);
                var folder = Path.Combine(Temp.Combine("quotes"), CorpusCampaign.RfqNumber, record.VendorKey!);
                Assert.StartsWith(folder + Path.DirectorySeparatorChar, saved.SavedPath!, StringComparison.Ordinal);
            }
        }

        var states = (await store.GetDeliveriesAsync(new DeliveryQuery(CorpusCampaign.RfqNumber), CancellationToken.None)).ToDictionary(d => d.VendorKey);
        var answered = ResponseCorpus.Cases.Where(c => c.GetProperty("kind").GetString() == "Reply" && ResponseCorpus.Text(c, "vendor") is not null).Select(c => c.GetProperty("vendor").GetString()!).ToHashSet();
        var bounced = ResponseCorpus.Cases.Where(c => c.TryGetProperty("bounce", out var b) && b.GetProperty("severity").GetString() == "Permanent").Select(c => c.GetProperty("vendor").GetString()!).ToHashSet();
        foreach (var (key, delivery) in states)
        {
            var state = answered.Contains(key) ? DeliveryState.Responded : bounced.Contains(key) ? DeliveryState.Failed : DeliveryState.Sent;
            Assert.True(state == delivery.State, $"{key}: {delivery.State}, expected {state}");
        }

        Assert.StartsWith("Bounced 5.1.1 purchasing-desk@blueyonder.example", states["V-BLUE"].Detail, StringComparison.Ordinal);
        var changes = await store.GetChangesAsync(CorpusCampaign.RfqNumber, null, CancellationToken.None);
        Assert.Equal(answered.Count + bounced.Count, changes.Count);
        Assert.All(changes, c => Assert.Equal("reader", c.ChangedBy));
        Assert.Equal(answered.Count + bounced.Count, received.Count(r => r.DeliveryChanged));
    }

    [SkippableFact]
    public async Task Reading_the_same_mailbox_again_hands_over_nothing_and_changes_nothing()
    {
        var open = Mailbox(AllFiles);
        using var store = OpenStore();
        await CorpusCampaign.SeedAsync(store);
        await using (var source = open())
        {
            await new ReplyReceiver(store, Options).ReceiveAsync(source, null, CancellationToken.None);
        }

        var before = await SnapshotAsync(store);
        ReceiveResult again;
        await using (var source = open())
        {
            again = await new ReplyReceiver(store, Options).ReceiveAsync(source, null, CancellationToken.None);
        }

        Assert.Equal((0, 0, 0), (again.Read, again.Recorded, again.DeliveriesChanged));
        Assert.Equal(before, await SnapshotAsync(store));
    }

    [SkippableFact]
    public async Task A_read_cut_short_is_taken_up_where_it_stopped()
    {
        var open = Mailbox(AllFiles);
        using var store = OpenStore();
        await CorpusCampaign.SeedAsync(store);
        var options = Options;
        options.MaxMessages = 10;
        ReceiveResult first, rest;
        await using (var source = open())
        {
            first = await new ReplyReceiver(store, options).ReceiveAsync(source, null, CancellationToken.None);
        }

        await using (var source = open())
        {
            rest = await new ReplyReceiver(store, Options).ReceiveAsync(source, null, CancellationToken.None);
        }

        Assert.Equal(10, first.Recorded);
        Assert.Equal(AllFiles.Count - 10, rest.Recorded);
        Assert.Equal(AllFiles.Count, (await store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).Count);
    }

    private static async Task<string> SnapshotAsync(IDeliveryStore store)
    {
        var deliveries = await store.GetDeliveriesAsync(new DeliveryQuery(CorpusCampaign.RfqNumber), CancellationToken.None);
        var inbound = await store.GetInboundAsync(new InboundQuery(), CancellationToken.None);
        var changes = await store.GetChangesAsync(CorpusCampaign.RfqNumber, null, CancellationToken.None);
        return string.Join("\n", deliveries.Select(d => $"{d.VendorKey} {d.State} {d.Detail} {d.UpdatedAt:o}"))
            + "\n" + string.Join("\n", inbound.Select(r => $"{r.Id} {r.SourceId} {r.ChangedTo}"))
            + "\n" + changes.Count;
    }
}
