using System.Net;
using System.Net.Sockets;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.Engine.Tests.Sending;

/// <summary>
/// An SMTP server that cannot be reached at all stops the run at once: the claims go back, no
/// vendor uses up an attempt, and runs repeated while the server is down never fail a vendor.
/// </summary>
public sealed class UnreachableServerTests
{
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task Connection_refused_stops_the_run_releases_the_claims_and_spends_no_attempt()
    {
        using var fixture = new SendFixture { InRunRetries = 2 };
        var port = ClosedPort();
        var vendors = TestVendors.Many(10);

        for (var run = 0; run < 6; run++)
        {
            await using var transport = new SmtpTransport(new SmtpSettings { Server = "127.0.0.1", Port = port, TlsMode = SmtpTlsMode.None });
            var session = fixture.Session(transport, new SendOptions { Owner = "test-owner", MaxAttempts = 5 });
            var results = new List<DeliveryResult>();
            var started = DateTime.UtcNow;

            var error = await Assert.ThrowsAsync<TransportUnavailableException>(() => session.SendVendorsAsync(vendors, results.Add, CancellationToken.None));

            Assert.Contains("cannot be reached", error.Message);
            Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "one refused connection must end the run, not one per vendor");
            Assert.Equal(1, session.MessagesAttempted);
        }

        var deliveries = await fixture.DeliveriesAsync();
        Assert.Equal(10, deliveries.Count);
        Assert.All(deliveries.Values, d =>
        {
            Assert.Equal(DeliveryState.Queued, d.State);
            Assert.Equal(0, d.Attempts);
            Assert.Null(d.LeaseOwner);
        });
    }
}
