using MailKit;
using MimeKit;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Responses.Sources;

/// <summary>
/// A mailbox of 10,000 messages (each about 6 KB: 59 MB in all) in a Dovecot folder of its own, read in
/// two increments: a first read stopped after 4,000, then the rest. Every message is recorded once, the
/// read state ends at the folder's last UID, and the live managed heap never grows by more than a bound a
/// source holding the bodies it read (or fetching them all at once) would break many times over.
/// </summary>
[Collection(MeasuredHeapCollection.Name)]
public sealed class ImapLargeMailboxTests : IDisposable
{
    private const int Messages = 10_000;
    private const int FirstRead = 4_000;
    private const int BodySize = 6 * 1024;

    // Live heap growth allowed while reading; the bodies alone are ~59 MB (and as many again as strings), 4,000 of them 24 MB.
    private const long HeapBound = 24L * 1024 * 1024;

    private readonly TestFolder _temp = new();
    private readonly Xunit.Abstractions.ITestOutputHelper _output;
    private string? _folder;
    private DovecotTestServer? _server;

    public ImapLargeMailboxTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose()
    {
        if (_folder is not null)
        {
            _server!.DeleteFolderAsync(_folder).GetAwaiter().GetResult();
        }

        _temp.Dispose();
    }

    [SkippableFact]
    public async Task Ten_thousand_messages_are_read_in_two_increments_each_recorded_once_in_bounded_memory()
    {
        _server = DovecotTestServer.Require();
        _folder = await _server.CreateFolderAsync(Array.Empty<string>(), "large");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await _server.AppendManyAsync(_folder, Enumerable.Range(1, Messages).Select(Message), batch: 500);
        _output.WriteLine($"appended {Messages} in {watch.Elapsed.TotalSeconds:0.0} s");
        watch.Restart();
        Assert.Equal(Messages, (await _server.CountAsync(_folder)).Count);
        Assert.True((long)Messages * BodySize > 2 * HeapBound, "the bound must be one a source holding the bodies would break");

        using var store = DeliveryStoreFactory.Open(StoreSettings.Sqlite(_temp.Combine("store", "rfq.db")), create: true);
        var settings = _server.Source(_folder);
        var name = new ImapReplySource(settings).Name;
        var options = new ReceiveOptions { KeepFiles = false, ReadBy = "reader" };

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        void Sample(ReceivedReply received)
        {
            if (received.Record is null)
            {
                throw new InvalidOperationException($"{received.SourceId}: {received.Problem}");
            }

            if (received.Record.Id % 500 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        ReceiveResult first;
        await using (var source = new ImapReplySource(settings))
        {
            first = await new ReplyReceiver(store, new ReceiveOptions { KeepFiles = false, ReadBy = "reader", MaxMessages = FirstRead }).ReceiveAsync(source, Sample, CancellationToken.None);
        }

        var stopped = await store.GetSourceStateAsync(name, _folder, CancellationToken.None);
        Assert.Equal((FirstRead, FirstRead), (first.Read, first.Recorded));
        Assert.Equal(FirstRead, (int)stopped!.LastUid!.Value);

        ReceiveResult rest;
        await using (var source = new ImapReplySource(settings))
        {
            rest = await new ReplyReceiver(store, options).ReceiveAsync(source, Sample, CancellationToken.None);
        }

        Assert.Equal((Messages - FirstRead, Messages - FirstRead, 0), (rest.Read, rest.Recorded, rest.AlreadyRecorded));
        var state = await store.GetSourceStateAsync(name, _folder, CancellationToken.None);
        Assert.Equal((stopped.UidValidity, (long)Messages), (state!.UidValidity, state.LastUid));
        _output.WriteLine($"read in {watch.Elapsed.TotalSeconds:0.0} s; live heap growth at most {peak / 1024 / 1024} MB");
        Assert.True(peak < HeapBound, $"the live heap grew by {peak / 1024 / 1024} MB while reading (bound {HeapBound / 1024 / 1024} MB)");

        var records = await store.GetInboundAsync(new InboundQuery(), CancellationToken.None);
        Assert.Equal(Messages, records.Count);
        Assert.Equal(Messages, records.Select(r => r.SourceId).Distinct().Count());
        Assert.Equal(Messages, records.Select(r => r.MessageId).Distinct().Count());

        // A third read finds nothing new.
        await using (var source = new ImapReplySource(settings))
        {
            Assert.Equal(0, (await new ReplyReceiver(store, options).ReceiveAsync(source, null, CancellationToken.None)).Read);
        }
    }

    private static MimeMessage Message(int n)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Vendor " + n, $"sales{n}@vendor{n % 50}.example"));
        message.To.Add(new MailboxAddress("Purchasing", "purchasing@contoso.example"));
        message.Subject = "Re: RFQ quote " + n;
        message.MessageId = $"large-{n}@vendor.example";
        message.Date = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero).AddSeconds(n);
        var line = $"Line of the quote of message {n}, padded to make a realistic body. ";
        var body = new System.Text.StringBuilder(BodySize + line.Length);
        while (body.Length < BodySize)
        {
            body.Append(line).Append("\r\n");
        }

        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }
}
