using System.Text;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tests.Transports.Smtp;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Sending;

/// <summary>A test send mails the tester, never the vendor, and leaves the campaign as it was.</summary>
[Collection("Postfix")]
public sealed class RfqTestSendTests : IDisposable
{
    private readonly SendFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static readonly Engine.Vendors.Vendor Acme = TestVendors.Create("acme", "Acme GmbH", "sales@acme.example", "copy@acme.example");

    [Fact]
    public async Task Sends_the_vendors_message_to_the_test_recipients_only_and_leaves_the_campaign_as_it_was()
    {
        // A campaign with the vendor queued: the test must not register, claim or complete anything.
        var real = _fixture.Session(new ScriptedTransport(), new SendOptions { Owner = "t", MaxMessages = 1 });
        await _fixture.SendAsync(real, new[] { TestVendors.Create("first", "First", "a@first.example"), Acme });
        var before = await _fixture.Store.GetDeliveriesAsync(new DeliveryQuery(_fixture.Rfq.Number), CancellationToken.None);
        var transport = new ScriptedTransport();

        var test = RfqTestSend.Create(_fixture.Rfq, transport, new[] { "me@contoso.example; Team <team@contoso.example>" }, clock: _fixture.Clock);
        var result = await test.SendAsync(Acme, CancellationToken.None);

        var message = Assert.Single(transport.Messages);
        Assert.Equal(new[] { "me@contoso.example", "team@contoso.example" }, message.Recipients.Select(r => r.Address));
        Assert.True(result.Sent);
        Assert.Equal("me@contoso.example; team@contoso.example", result.SentTo);
        Assert.Equal("sales@acme.example; copy@acme.example", result.VendorRecipients);
        Assert.StartsWith("[TEST] RFQ RFQ-T-1 for Acme GmbH", result.Subject, StringComparison.Ordinal);
        Assert.Equal(message.MessageId, result.MessageId);
        var after = await _fixture.Store.GetDeliveriesAsync(new DeliveryQuery(_fixture.Rfq.Number), CancellationToken.None);
        Assert.Equal(
            before.Select(d => (d.VendorKey, d.State, d.Attempts, d.UpdatedAt, d.MessageId)),
            after.Select(d => (d.VendorKey, d.State, d.Attempts, d.UpdatedAt, d.MessageId)));
        Assert.Equal(DeliveryState.Queued, after.Single(d => d.VendorKey == "acme").State);
        Assert.NotEqual(after.Single(d => d.VendorKey == "acme").MessageId, result.MessageId);
    }

    [Fact]
    public async Task A_message_the_transport_refuses_is_a_result_not_an_exception()
    {
        var transport = new ScriptedTransport(_ => new TransportOutcome(TransportOutcomeKind.Permanent, "550 5.1.1 no such user"));

        var result = await RfqTestSend.Create(_fixture.Rfq, transport, new[] { "me@contoso.example" }).SendAsync(Acme, CancellationToken.None);

        Assert.False(result.Sent);
        Assert.Equal(TransportOutcomeKind.Permanent, result.Outcome);
        Assert.Equal("550 5.1.1 no such user", result.Detail);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("")]
    public void A_test_recipient_that_is_not_an_address_or_none_at_all_is_refused(string recipient)
    {
        var error = Assert.Throws<RfqSenderException>(() => RfqTestSend.Create(_fixture.Rfq, new ScriptedTransport(), new[] { recipient }));

        Assert.Contains("test recipient", error.Message, StringComparison.Ordinal);
    }

    [PostfixFact]
    public async Task Through_postfix_the_test_arrives_marked_and_addressed_to_the_tester()
    {
        var server = PostfixTestServer.Require();
        var marker = "T" + Guid.NewGuid().ToString("N").Substring(0, 10);
        _fixture.Rfq = SendFixture.CreateRfq(number: "RFQ-" + marker);
        await using var transport = new SmtpTransport(new SmtpSettings
        {
            Server = server.Host,
            Port = server.SubmissionPort,
            UserName = server.User,
            Password = server.Password(),
            TrustedCaCertificatePath = server.CaPath,
        });

        var result = await RfqTestSend.Create(_fixture.Rfq, transport, new[] { "tester@contoso.example" }).SendAsync(Acme, CancellationToken.None);

        Assert.True(result.Sent, result.Detail);
        var text = Encoding.UTF8.GetString(Assert.Single(await server.WaitForMessagesAsync(marker, 1, TimeSpan.FromSeconds(30))));
        Assert.Contains("\nSubject: [TEST] RFQ RFQ-" + marker, text, StringComparison.Ordinal);
        Assert.Contains("\nX-RfqSender-Test: 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nTo: tester@contoso.example\n", text, StringComparison.Ordinal);
        Assert.Contains("Message-ID: <" + result.MessageId + ">", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\nCc:", text, StringComparison.Ordinal);
        Assert.Contains("X-Original-To: tester@contoso.example", text, StringComparison.Ordinal);
    }
}
