using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tests.Transports.Smtp;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Sending;

/// <summary>
/// Without pauses or rate limits, a run hands an SMTP connection several messages at once, which
/// it pipelines where the server offers PIPELINING; each delivery's outcome is exactly what one
/// message at a time gives, and a failure belongs to its own vendor.
/// </summary>
public sealed class PipelinedDispatchTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_vendor_is_sent_once_on_one_connection_pipelined_where_the_server_offers_it(bool pipelining)
    {
        using var fixture = new SendFixture();
        await using var server = new FaultSmtpServer { OfferPipelining = pipelining };
        await using var transport = new SmtpTransport(SmtpTestData.Settings(server.Port));
        var session = fixture.Session(transport);

        var results = await fixture.SendAsync(session, TestVendors.Many(12));

        Assert.Equal(12, results.Count(r => r.Action == SendAction.Sent));
        Assert.Equal(12, server.Messages.Count);
        Assert.Equal(12, server.Messages.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(1, server.Connections);
        Assert.Equal(12, session.MessagesAttempted);
        if (pipelining)
        {
            Assert.True(server.CommandsPipelinedBehindDot > 0, "the next envelope follows the previous final dot");
        }
        else
        {
            Assert.Equal(0, server.CommandsPipelinedBehindDot);
        }

        var deliveries = await fixture.DeliveriesAsync();
        Assert.All(deliveries.Values, d =>
        {
            Assert.Equal(DeliveryState.Sent, d.State);
            Assert.Equal(1, d.Attempts);
        });
    }

    [Fact]
    public async Task A_refusal_in_the_middle_of_a_sequence_fails_or_defers_only_its_own_vendor()
    {
        using var fixture = new SendFixture();
        await using var server = new FaultSmtpServer
        {
            RecipientReply = to => to switch
            {
                "sales3@vendor3.example" => "550 5.1.1 no such user",
                "sales5@vendor5.example" => "450 4.2.0 mailbox busy",
                _ => null,
            },
        };
        await using var transport = new SmtpTransport(SmtpTestData.Settings(server.Port));
        var session = fixture.Session(transport);

        var results = await fixture.SendAsync(session, TestVendors.Many(8));

        var deliveries = await fixture.DeliveriesAsync();
        Assert.Equal(DeliveryState.Failed, deliveries["v0003"].State);
        Assert.Contains("no such user", deliveries["v0003"].Detail);
        Assert.Equal(DeliveryState.Deferred, deliveries["v0005"].State);
        Assert.Equal(6, deliveries.Values.Count(d => d.State == DeliveryState.Sent));
        Assert.Equal(8, results.Count);
        Assert.Equal(6, server.Messages.Count);
        Assert.DoesNotContain(server.Messages, m => m.Recipients.Contains("sales3@vendor3.example") || m.Recipients.Contains("sales5@vendor5.example"));
    }

    [Fact]
    public async Task A_transient_refusal_in_a_sequence_is_retried_in_the_run_on_its_own()
    {
        using var fixture = new SendFixture();
        var refusals = 0;
        await using var server = new FaultSmtpServer
        {
            RecipientReply = to => to == "sales2@vendor2.example" && Interlocked.Increment(ref refusals) == 1 ? "451 4.3.0 try again" : null,
        };
        await using var transport = new SmtpTransport(SmtpTestData.Settings(server.Port));
        // The real clock: the in-run retry waits its (short) delay.
        var options = new SendOptions { Owner = "test-owner", RetryCount = 1, RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryWait = TimeSpan.FromMilliseconds(10) };
        var session = RfqSendSession.Create(fixture.Rfq, fixture.Store, transport, options);

        var results = await fixture.SendAsync(session, TestVendors.Many(4));

        Assert.All(results, r => Assert.Equal(SendAction.Sent, r.Action));
        Assert.Equal(4, server.Messages.Count);
        Assert.Equal(1, server.Messages.Count(m => m.Recipients.Contains("sales2@vendor2.example")));
        Assert.Equal(4, session.MessagesAttempted);
        Assert.Equal(2, refusals);
    }
}
