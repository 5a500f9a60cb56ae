using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Tracking.PostgreSql;

/// <summary>
/// A worker on another machine dies holding claims of a shared campaign: a live worker takes them
/// over during its own run once their lease has run out (not only at its next start), sends what
/// was never handed over, and leaves what was in flight InDoubt. Its own claims, renewed while it
/// works, are never taken from it.
/// </summary>
public sealed class WorkerTakeoverTests : IDisposable
{
    private PostgreSqlTestServer? _server;
    private string? _schema;

    public void Dispose()
    {
        if (_schema is not null)
        {
            _server!.DropSchema(_schema);
        }
    }

    [SkippableFact]
    public async Task A_dead_workers_expired_claims_are_taken_over_during_a_live_workers_run()
    {
        _server = PostgreSqlTestServer.Require();
        _schema = _server.CreateSchema();
        using var store = DeliveryStoreFactory.Open(_server.Store(_schema), create: true);
        var rfq = SendFixture.CreateRfq();
        var vendors = TestVendors.Many(24);
        await store.RegisterCampaignAsync(rfq, CancellationToken.None);
        await store.RegisterVendorsAsync(rfq.Number, vendors, v => "id." + v.Key + "@contoso.example", CancellationToken.None);

        // The dead worker (another machine: never judged by process id) claimed three for 3 s; one was in flight.
        const string dead = "other-host/4242/deadbeef";
        var claimed = await store.ClaimAsync(new ClaimRequest(rfq.Number, dead, 3, TimeSpan.FromSeconds(3), store.Clock.GetUtcNow()), CancellationToken.None);
        Assert.True(await store.MarkInFlightAsync(claimed[0].Record.Id, dead, CancellationToken.None));

        // The live worker starts before that lease runs out and sends for longer than it (21 x 250 ms
        // over one connection), with a lease shorter than its run: renewal keeps its own claims.
        var transport = new SlowTransport(TimeSpan.FromMilliseconds(250));
        var options = new SendOptions { Owner = "live-host/1/live", BatchSize = 4, Concurrency = 1, RetryCount = 0, Lease = TimeSpan.FromSeconds(2) };
        var session = RfqSendSession.Create(rfq, store, transport, options);
        var results = new List<DeliveryResult>();
        await session.SendDueAsync(results.Add, CancellationToken.None);

        // Taken over by this run (it started before the dead worker's lease ran out): one InDoubt, two requeued and sent.
        Assert.Equal((1, 2), (session.Recovery!.InDoubt, session.Recovery.Requeued));
        var records = (await store.GetDeliveriesAsync(new DeliveryQuery(rfq.Number), CancellationToken.None)).ToDictionary(r => r.Id);
        Assert.Equal(DeliveryState.InDoubt, records[claimed[0].Record.Id].State);
        Assert.Contains(dead, records[claimed[0].Record.Id].Detail);
        Assert.Equal(DeliveryState.Sent, records[claimed[1].Record.Id].State);
        Assert.Equal(DeliveryState.Sent, records[claimed[2].Record.Id].State);
        Assert.Equal(23, records.Values.Count(r => r.State == DeliveryState.Sent));
        Assert.Equal(23, transport.Sent);
    }
}
