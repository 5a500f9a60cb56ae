using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Tests.Sending;

/// <summary>
/// A message the server took for some of a vendor's recipients and refused for others: those
/// refused for now stay due and are tried again alone, with the same Message-ID; those refused for
/// good are reported; nothing hides behind "Sent".
/// </summary>
public sealed class PartialRefusalTests
{
    private static readonly Vendor Acme = TestVendors.Create("v1", "Acme", "sales@acme.example", cc: "buyer@acme.example");

    private static TransportOutcome SentRefusing(string address, bool transient) =>
        new(TransportOutcomeKind.Sent, "250 2.0.0 queued")
        {
            Refused = new[] { new RefusedRecipient(address, transient, transient ? "452 4.2.2 mailbox full" : "550 5.1.1 no such user") },
        };

    [Fact]
    public async Task A_cc_refused_for_now_keeps_the_delivery_deferred_and_the_next_run_sends_to_it_alone_with_the_same_message_id()
    {
        using var fixture = new SendFixture();
        var answers = new Queue<TransportOutcome>(new[] { SentRefusing("buyer@acme.example", transient: true), TransportOutcome.Sent("250 2.0.0 queued again") });
        var transport = new ScriptedTransport(_ => answers.Dequeue());

        var first = Assert.Single(await fixture.SendAsync(fixture.Session(transport), new[] { Acme }));
        var afterFirst = (await fixture.DeliveriesAsync())["v1"];
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var second = Assert.Single(await fixture.SendDueAsync(fixture.Session(transport)));
        var afterSecond = (await fixture.DeliveriesAsync())["v1"];

        Assert.Equal(SendAction.PartlySent, first.Action);
        Assert.Equal(DeliveryState.Deferred, first.State);
        Assert.Contains("buyer@acme.example: 452", first.PendingRecipients);
        Assert.Null(first.RefusedRecipients);
        Assert.Equal(DeliveryState.Deferred, afterFirst.State);
        Assert.Equal(new[] { "buyer@acme.example" }, afterFirst.PendingRecipients);
        Assert.Equal(SendFixture.Start, afterFirst.SentAt);
        Assert.Equal(1, afterFirst.RfqVersion);

        Assert.Equal(2, transport.Messages.Count);
        Assert.Null(transport.Messages[0].EnvelopeRecipients);
        Assert.Equal(new[] { "buyer@acme.example" }, transport.Messages[1].EnvelopeRecipients!.Select(a => a.Address));
        Assert.Equal(transport.Messages[0].MessageId, transport.Messages[1].MessageId);
        Assert.Equal("sales@acme.example", transport.Messages[1].To.Single().Address);

        Assert.Equal(SendAction.Sent, second.Action);
        Assert.Equal(DeliveryState.Sent, afterSecond.State);
        Assert.Empty(afterSecond.PendingRecipients);
        Assert.Equal(SendFixture.Start, afterSecond.SentAt);
    }

    [Fact]
    public async Task A_cc_refused_for_good_is_reported_and_the_delivery_is_sent()
    {
        using var fixture = new SendFixture();
        var transport = new ScriptedTransport(_ => SentRefusing("buyer@acme.example", transient: false));

        var result = Assert.Single(await fixture.SendAsync(fixture.Session(transport), new[] { Acme }));
        var record = (await fixture.DeliveriesAsync())["v1"];
        var rerun = Assert.Single(await fixture.SendAsync(fixture.Session(transport), new[] { Acme }));

        Assert.Equal(SendAction.PartlySent, result.Action);
        Assert.Equal(DeliveryState.Sent, result.State);
        Assert.Contains("buyer@acme.example: 550", result.RefusedRecipients);
        Assert.True(result.HasRefusedRecipients);
        Assert.Null(result.PendingRecipients);
        Assert.Equal(DeliveryState.Sent, record.State);
        Assert.Empty(record.PendingRecipients);
        Assert.Equal(SendAction.AlreadyDone, rerun.Action);
        Assert.Single(transport.Messages);
    }

    [Fact]
    public async Task Pending_recipients_still_refused_stay_deferred_until_the_last_attempt_then_are_given_up_on_as_refused()
    {
        using var fixture = new SendFixture();
        var calls = 0;
        var transport = new ScriptedTransport(_ => ++calls == 1
            ? SentRefusing("buyer@acme.example", transient: true)
            : new TransportOutcome(TransportOutcomeKind.Transient, "every remaining recipient was refused again: buyer@acme.example: 452 4.2.2 mailbox full"));
        var options = () => new SendOptions { Owner = "o", MaxAttempts = 3 };

        var results = new List<DeliveryResult>();
        results.AddRange(await fixture.SendAsync(fixture.Session(transport, options()), new[] { Acme }));
        for (var run = 0; run < 4; run++)
        {
            fixture.Clock.Advance(TimeSpan.FromDays(1));
            results.AddRange(await fixture.SendDueAsync(fixture.Session(transport, options())));
        }

        var record = (await fixture.DeliveriesAsync())["v1"];
        Assert.Equal(3, calls);
        Assert.Equal(new[] { SendAction.PartlySent, SendAction.Deferred, SendAction.PartlySent }, results.Select(r => r.Action));
        Assert.Equal(DeliveryState.Deferred, results[1].State);
        Assert.Contains("buyer@acme.example", results[1].PendingRecipients);
        Assert.Equal(DeliveryState.Sent, record.State);
        Assert.Empty(record.PendingRecipients);
        Assert.Equal(SendFixture.Start, record.SentAt);
        Assert.Contains("buyer@acme.example", results[2].RefusedRecipients);
        Assert.Contains("gave up after 3 attempts", record.Detail);
    }

    [Fact]
    public async Task A_transport_that_fails_with_a_message_in_doubt_records_it_in_doubt_and_stops_the_run_with_the_rest_queued()
    {
        using var fixture = new SendFixture();
        var transport = new ScriptedTransport(_ => throw new TransportUnavailableException("the server stopped answering")
        {
            Outcome = new TransportOutcome(TransportOutcomeKind.InDoubt, "timed out after the message was sent"),
        });

        var results = new List<DeliveryResult>();
        var error = await Assert.ThrowsAsync<TransportUnavailableException>(() =>
            fixture.Session(transport, new SendOptions { Owner = "o", Concurrency = 1 }).SendVendorsAsync(TestVendors.Many(4), results.Add, CancellationToken.None));
        var records = await fixture.DeliveriesAsync();

        Assert.Contains("stopped answering", error.Message);
        var result = Assert.Single(results);
        Assert.Equal(SendAction.InDoubt, result.Action);
        Assert.Single(transport.Messages);
        Assert.Equal(1, records.Values.Count(r => r.State == DeliveryState.InDoubt));
        Assert.Equal(3, records.Values.Count(r => r.State == DeliveryState.Queued && r.Attempts == 0));
    }
}
