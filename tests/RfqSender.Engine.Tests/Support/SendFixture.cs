using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Tracking.Sqlite;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Support;

/// <summary>A store in a temp folder, a manual clock and an RFQ, for send tests.</summary>
public sealed class SendFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly TestFolder _temp = new();

    public SendFixture()
    {
        Store = SqliteDeliveryStore.Open(_temp.Combine("rfqsender.db"));
    }

    public SqliteDeliveryStore Store { get; }

    public ManualClock Clock { get; } = new(Start);

    public string Folder => _temp.Path;

    public Rfq Rfq { get; set; } = CreateRfq();

    public static Rfq CreateRfq(string number = "RFQ-T-1", string body = "Dear {{Contact.Name}}, {{Vendor.Name}} please quote {{#each Rfq.Items}}{{Quantity}} {{Unit}} {{Part}}{{/each}}.") => new(
        number,
        "Copper cable",
        new DateTimeOffset(2026, 12, 15, 17, 0, 0, TimeSpan.FromHours(1)),
        MailboxAddress.Parse("Purchasing <purchasing@contoso.example>"),
        null,
        "RFQ {{Rfq.Number}} for {{Vendor.Name}}",
        body,
        null,
        new[] { new LineItem("CU-3x2.5", "NYM-J 3x2.5 mm²", 40m, "drum") },
        Array.Empty<RfqAttachment>());

    /// <summary>In-run retries for sessions of this fixture; 0 unless a test is about them (the manual clock has no timers).</summary>
    public int InRunRetries { get; set; }

    public RfqSendSession Session(IMessageTransport transport, SendOptions? options = null)
    {
        options ??= new SendOptions { Owner = "test-owner" };
        options.RetryCount = InRunRetries;
        return RfqSendSession.Create(Rfq, Store, transport, options, clock: Clock);
    }

    public async Task<List<DeliveryResult>> SendAsync(RfqSendSession session, IReadOnlyList<Vendor> vendors, CancellationToken cancellationToken = default)
    {
        var results = new List<DeliveryResult>();
        await session.SendVendorsAsync(vendors, results.Add, cancellationToken);
        return results;
    }

    public async Task<List<DeliveryResult>> SendDueAsync(RfqSendSession session)
    {
        var results = new List<DeliveryResult>();
        await session.SendDueAsync(results.Add, CancellationToken.None);
        return results;
    }

    public async Task<Dictionary<string, DeliveryRecord>> DeliveriesAsync() =>
        (await Store.GetDeliveriesAsync(new DeliveryQuery(Rfq.Number), CancellationToken.None)).ToDictionary(d => d.VendorKey);

    public void Dispose()
    {
        Store.Dispose();
        _temp.Dispose();
    }
}
