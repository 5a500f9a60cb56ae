using RfqSender.Engine.Messages;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Responses;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.Web.Tests.Support;

/// <summary>
/// Campaigns in a real store (SQLite or PostgreSQL) for the status page to show, made through the engine's own
/// store and send session, never by writing tables:
/// <list type="bullet">
/// <item><see cref="SeedMixedAsync"/>: <see cref="MixedRfq"/> with vendors in every outcome state (Sent, Failed,
/// Deferred, Queued) over two categories, and searchable names (<c>Vendor 7</c>, key <c>v0007</c>).</item>
/// <item><see cref="SeedCorpusAsync"/>: the reply corpus's campaign (<see cref="CorpusCampaign.RfqNumber"/>) with its
/// replies read from a folder: answered, bounced and away vendors, unmatched replies, and quote files kept
/// beside the store.</item>
/// <item><see cref="StartSlowSendAsync"/>: a send of many queued vendors with a pause between messages, running while a
/// test watches the page.</item>
/// </list>
/// </summary>
public static class TestCampaigns
{
    public const string MixedRfq = "RFQ-WEB-1";

    public static readonly DateTimeOffset SentAt = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public static Rfq CreateRfq(string number, string title = "Copper cable, 3 lots") => new(
        number,
        title,
        DateTimeOffset.UtcNow.Date.AddDays(60).AddHours(16),
        MailboxAddress.Parse("Purchasing <purchasing@contoso.example>"),
        MailboxAddress.Parse("rfq-replies@contoso.example"),
        "RFQ {{Rfq.Number}} for {{Vendor.Name}}",
        "Dear {{Contact.Name}}, {{Vendor.Name}} please quote {{#each Rfq.Items}}{{Quantity}} {{Unit}} {{Part}}{{/each}}.",
        null,
        new[] { new LineItem("CU-3x2.5", "NYM-J 3x2.5 mm²", 40m, "drum") },
        Array.Empty<RfqAttachment>());

    /// <summary>
    /// <paramref name="count"/> vendors (keys <c>v0001</c>…, names <c>Vendor 1</c>…, even ones in Cable, odd ones
    /// in Fasteners). Of them, by number: each 5th Failed (550), each 7th (not 5th) Deferred, the first half of the
    /// rest Sent, the others Queued. Returns the counts by state.
    /// </summary>
    public static async Task<IReadOnlyDictionary<DeliveryState, int>> SeedMixedAsync(IDeliveryStore store, int count = 120, string rfqNumber = MixedRfq)
    {
        await store.RegisterCampaignAsync(CreateRfq(rfqNumber), CancellationToken.None);
        var vendors = TestVendors.Many(count);
        await store.RegisterVendorsAsync(rfqNumber, vendors, v => $"<{rfqNumber}.{v.Key}@rfq.contoso.example>", CancellationToken.None);
        var planned = vendors.ToDictionary(v => v.Key, v => Planned(int.Parse(v.Key.Substring(1), System.Globalization.CultureInfo.InvariantCulture), count), StringComparer.OrdinalIgnoreCase);
        var keys = planned.Where(p => p.Value != DeliveryState.Queued).Select(p => p.Key).ToList();
        var claimed = await store.ClaimAsync(new ClaimRequest(rfqNumber, "seed", keys.Count, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow) { VendorKeys = keys }, CancellationToken.None);
        foreach (var c in claimed)
        {
            var state = planned[c.Record.VendorKey];
            var detail = state switch
            {
                DeliveryState.Failed => "550 5.1.1 <" + c.Record.VendorKey + "@vendor.example>: Recipient address rejected",
                DeliveryState.Deferred => "451 4.7.1 Try again later",
                _ => "250 2.0.0 Ok: queued",
            };
            var completion = new DeliveryCompletion(c.Record.Id, "seed", state, detail, DateTimeOffset.UtcNow);
            if (state == DeliveryState.Deferred)
            {
                completion.NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1);
            }

            await store.CompleteAsync(completion, CancellationToken.None);
        }

        return planned.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>The state <see cref="SeedMixedAsync"/> leaves vendor number <paramref name="n"/> (1-based) of <paramref name="count"/> in.</summary>
    public static DeliveryState Planned(int n, int count) =>
        n % 5 == 0 ? DeliveryState.Failed
        : n % 7 == 0 ? DeliveryState.Deferred
        : n <= count / 2 ? DeliveryState.Sent
        : DeliveryState.Queued;

    /// <summary>
    /// The reply corpus's campaign (19 vendors, all sent) and 100 queued vendors of RFQ-FILLER, then the corpus's 32
    /// replies read from a folder into the store as <c>rfq replies</c> would: quote files are kept under
    /// <c>quotes/</c> beside the store. First in a new store: the corpus's oracle fixes the delivery ids.
    /// </summary>
    public static async Task SeedCorpusAsync(StoreSettings settings, string mailboxFolder)
    {
        using (var store = DeliveryStoreFactory.Open(settings, create: true))
        {
            await CorpusCampaign.SeedAsync(store);
        }

        Directory.CreateDirectory(mailboxFolder);
        foreach (var file in Directory.GetFiles(ResponseCorpus.Folder, "*.eml"))
        {
            File.Copy(file, Path.Combine(mailboxFolder, Path.GetFileName(file)), overwrite: true);
        }

        await using var runtime = RfqRuntime.ForStore(settings);
        await runtime.ReceiveRepliesAsync(ReplySourceSettings.FromFolder(mailboxFolder), new ReceiveOptions(), null, CancellationToken.None);
    }

    /// <summary>
    /// Registers <paramref name="count"/> vendors for a new campaign and sends to them in the background, one message
    /// each <paramref name="delayMs"/> ms, to a transport that accepts everything; cancel <paramref name="stop"/> (or
    /// let it finish) and await <see cref="SlowSend.Running"/>. The store is the caller's and stays open.
    /// </summary>
    public static async Task<SlowSend> StartSlowSendAsync(IDeliveryStore store, string rfqNumber, int count, int delayMs, CancellationToken stop)
    {
        var send = await PrepareSlowSendAsync(store, rfqNumber, count, delayMs, stop);
        send.Start();
        return send;
    }

    /// <summary>
    /// As <see cref="StartSlowSendAsync"/>, but only registers the vendors (all queued, so a page can be opened on the
    /// campaign first); <see cref="SlowSend.Start"/> starts the send.
    /// </summary>
    public static async Task<SlowSend> PrepareSlowSendAsync(IDeliveryStore store, string rfqNumber, int count, int delayMs, CancellationToken stop)
    {
        var rfq = CreateRfq(rfqNumber, "Fasteners, live send");
        var vendors = TestVendors.Many(count, "s");
        var transport = new CountingTransport();
        var session = RfqSendSession.Create(rfq, store, transport, new SendOptions { Owner = "web-test-sender", DelayMs = delayMs, BatchSize = 10 });
        await session.RegisterAllAsync(new[] { vendors }, "web tests", stop);
        return new SlowSend(rfqNumber, count, transport, () => Task.Run(() => session.SendRegisteredVendorsAsync(vendors, _ => { }, stop), CancellationToken.None));
    }

    /// <summary>A send of registered vendors, started by <see cref="Start"/>, running in the background.</summary>
    public sealed class SlowSend
    {
        private readonly Func<Task> _start;
        private Task? _running;

        internal SlowSend(string rfqNumber, int count, CountingTransport transport, Func<Task> start)
        {
            RfqNumber = rfqNumber;
            Count = count;
            Transport = transport;
            _start = start;
        }

        public string RfqNumber { get; }

        public int Count { get; }

        public CountingTransport Transport { get; }

        /// <summary>The send; completed at once when it was never started.</summary>
        public Task Running => _running ?? Task.CompletedTask;

        public void Start() => _running ??= _start();
    }

    /// <summary>A transport that accepts every message at once and counts them.</summary>
    public sealed class CountingTransport : IMessageTransport
    {
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        public string Description => "counting";

        public Task<TransportOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            return Task.FromResult(TransportOutcome.Sent("250 2.0.0 Ok: queued"));
        }

        public ValueTask DisposeAsync() => default;
    }
}
