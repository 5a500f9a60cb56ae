using System.Collections.Concurrent;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Tracking.Sqlite;
using RfqSender.Engine.Transports.Graph;
using RfqSender.Engine.Vendors;
using RfqSender.Graph.Tests.Authentication;
using RfqSender.Graph.Tests.Fakes;
using RfqSender.Engine.Tests.Support;

namespace RfqSender.Graph.Tests.Transports;

/// <summary>
/// The acceptance run: send sessions with the engine's store go through the Graph transport and
/// the fake Graph, one message under 3 MB and one over, with throttling injected.
/// </summary>
public sealed class GraphCampaignTests : IAsyncLifetime
{
    private const string Mailbox = "rfq@contoso.example";
    private readonly HttpClientHandler _handler = TestCertificates.TrustingHandler();
    private readonly TestFolder _folder = new();
    private FakeMicrosoftCloud _cloud = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeMicrosoftCloud.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        _handler.Dispose();
        _folder.Dispose();
    }

    private static Rfq Rfq(string number, string from, params RfqAttachment[] attachments) => new(
        number,
        "Cable",
        new DateTimeOffset(2026, 12, 15, 17, 0, 0, TimeSpan.FromHours(1)),
        MailboxAddress.Parse($"Purchasing <{from}>"),
        MailboxAddress.Parse("replies@contoso.example"),
        "{{Rfq.Number}}: request for quotation",
        "Hello {{Vendor.Name}},\nplease quote by {{Rfq.DueDate}}.",
        null,
        new[] { new LineItem("CU-1", "Cable 3x2.5 mm²", 40m, "drum") },
        attachments);

    private static Vendor Vendor(string key, string name, string to) => new(
        key,
        name,
        new[] { new VendorContact(MailboxAddress.Parse(to), ContactRole.To) },
        Array.Empty<string>(),
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    [Fact]
    public async Task A_campaign_with_a_small_and_a_large_message_ends_in_the_right_states_despite_throttling()
    {
        var drawing = GraphTransportTests.Bytes(3_500_000, 42);
        var drawingPath = _folder.Combine("drawings.bin");
        await File.WriteAllBytesAsync(drawingPath, drawing);
        _cloud.InvalidRecipients.Add("nobody@bolt.example");
        _cloud.UnknownMailboxes.Add("gone@contoso.example");
        _cloud.Enqueue("sendMail", GraphFault.Throttle("1"));
        _cloud.Enqueue("createUploadSession", new GraphFault(503, "ServiceUnavailable", "Try later."));
        _cloud.Enqueue("upload", GraphFault.Throttle("3"));

        var waits = new ConcurrentQueue<TimeSpan>();
        var options = new GraphTransportOptions
        {
            Delay = (delay, _) =>
            {
                waits.Enqueue(delay);
                return Task.CompletedTask;
            },
        };
        var settings = new GraphAuthenticationSettings
        {
            TenantId = _cloud.TenantId,
            ClientId = _cloud.ClientId,
            ClientSecret = TokenAcquisitionTests.ToSecure(_cloud.ClientSecret),
            AuthorityHost = _cloud.BaseUrl,
            GraphBaseUrl = _cloud.BaseUrl,
        };
        await using var transport = new RecordingTransport(GraphTransport.Create(settings, options, _handler));
        using var store = SqliteDeliveryStore.Open(_folder.Combine("rfq.db"));
        var results = new List<DeliveryResult>();

        var small = RfqSendSession.Create(Rfq("RFQ-A", Mailbox), store, transport);
        await small.SendVendorsAsync(new[] { Vendor("acme", "Acme GmbH", "sales@acme.example"), Vendor("bolt", "Bolt Ltd", "nobody@bolt.example") }, results.Add, CancellationToken.None);
        var large = RfqSendSession.Create(Rfq("RFQ-B", Mailbox, new RfqAttachment(drawingPath)), store, transport);
        await large.SendVendorsAsync(new[] { Vendor("acme", "Acme GmbH", "sales@acme.example") }, results.Add, CancellationToken.None);
        var unknown = RfqSendSession.Create(Rfq("RFQ-C", "gone@contoso.example"), store, transport);
        await unknown.SendVendorsAsync(new[] { Vendor("acme", "Acme GmbH", "sales@acme.example") }, results.Add, CancellationToken.None);

        var a = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-A"), CancellationToken.None)).ToDictionary(d => d.VendorKey);
        var b = Assert.Single(await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-B"), CancellationToken.None));
        var c = Assert.Single(await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-C"), CancellationToken.None));
        Assert.Equal(DeliveryState.Sent, a["acme"].State);
        Assert.Equal(DeliveryState.Failed, a["bolt"].State);
        Assert.Contains("ErrorInvalidRecipients", a["bolt"].Detail);
        Assert.Equal(DeliveryState.Sent, b.State);
        Assert.Equal(DeliveryState.Failed, c.State);
        Assert.Contains("Graph 404 ErrorInvalidUser", c.Detail);
        Assert.Equal(4, results.Count);
        Assert.Empty(_cloud.Problems);
        Assert.Equal(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3) }, waits.ToArray());

        // The small message: the fake decoded exactly the MIME our writer makes of the message the session composed.
        var acmeMessage = transport.Sent.Single(s => s.Message.MessageId == a["acme"].MessageId).Message;
        var mime = Assert.Single(_cloud.Delivered, d => d.Route == "mime");
        using (var expected = new MemoryStream())
        {
            new MimeMessageWriter().Write(acmeMessage, expected);
            Assert.Equal(expected.ToArray(), mime.Mime);
        }

        // The large message: a draft with our Message-ID whose upload ranges rebuild the file byte for byte.
        var draft = Assert.Single(_cloud.Delivered, d => d.Route == "draft");
        Assert.Equal("<" + b.MessageId + ">", draft.Message!.Value.GetProperty("internetMessageId").GetString());
        var uploaded = Assert.Single(draft.Attachments);
        Assert.True(uploaded.Uploaded);
        Assert.Equal("drawings.bin", uploaded.Name);
        Assert.Equal(drawing, uploaded.Content);
        var session = Assert.Single(_cloud.UploadSessions);
        Assert.Equal(new[] { "bytes 0-3276799/3500000", "bytes 3276800-3499999/3500000" }, session.Ranges);
        Assert.Equal(1, _cloud.Count("token"));
    }
}
