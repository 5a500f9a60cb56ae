using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tests.Transports.Smtp;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Sending;

/// <summary>
/// A run whose claim is taken back by another sender while its SMTP transaction is already under
/// way (after MAIL FROM, before the content) stops that message before its content, drops the
/// connection so the server discards it, and goes on: no vendor gets the message twice.
/// </summary>
public sealed class ClaimTakenOverTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public async Task A_claim_taken_back_before_the_content_is_not_sent_by_this_run(int vendors)
    {
        using var fixture = new SendFixture();
        var takenOver = 0;
        await using var server = new FaultSmtpServer();
        server.MailFromReply = _ =>
        {
            // The first transaction: meanwhile another sender finds this run's claims expired and takes them back.
            if (Interlocked.Exchange(ref takenOver, 1) == 0)
            {
                fixture.Store.RecoverExpiredAsync(fixture.Rfq.Number, "another-sender", SendFixture.Start.AddHours(1), CancellationToken.None).GetAwaiter().GetResult();
            }

            return null;
        };
        await using var transport = new SmtpTransport(SmtpTestData.Settings(server.Port));
        var session = fixture.Session(transport);

        var results = await fixture.SendAsync(session, TestVendors.Many(vendors));

        var taken = results.Where(r => r.Detail?.Contains("another sender took the delivery over", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(taken);
        Assert.Equal(SendAction.NotSent, taken[0].Action);
        Assert.DoesNotContain(server.Messages, m => m.Recipients.Contains("sales1@vendor1.example"));
        // Whatever this run sent after that, it sent once; what it did not send is left for the other sender.
        Assert.Equal(server.Messages.Count, server.Messages.Select(m => m.Recipients[0]).Distinct().Count());
        var deliveries = await fixture.DeliveriesAsync();
        Assert.All(deliveries.Values.Where(d => d.State == DeliveryState.Sent), d => Assert.Contains(server.Messages, m => m.Recipients.Contains(d.To[0])));
        Assert.True(server.Connections >= 1);
    }
}
