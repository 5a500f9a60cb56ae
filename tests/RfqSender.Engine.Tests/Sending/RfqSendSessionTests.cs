using RfqSender.Engine.Messages;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Tests.Sending;

public sealed class RfqSendSessionTests : IDisposable
{
    private readonly SendFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Sends_each_vendor_once_records_it_and_reports_one_result_per_vendor_in_order()
    {
        var transport = new ScriptedTransport();
        var vendors = TestVendors.Many(7);

        var results = await _fixture.SendAsync(_fixture.Session(transport, new SendOptions { BatchSize = 3 }), vendors);

        Assert.Equal(vendors.Select(v => v.Key), results.Select(r => r.VendorKey));
        Assert.All(results, r => Assert.Equal(SendAction.Sent, r.Action));
        Assert.All(results, r => Assert.Equal(DeliveryState.Sent, r.State));
        Assert.All(results, r => Assert.Equal("250 2.0.0 queued", r.Detail));
        Assert.Equal(vendors.Select(v => v.To.Single().Email), transport.RecipientsSent);
        var stored = await _fixture.DeliveriesAsync();
        Assert.All(stored.Values, d => Assert.Equal(DeliveryState.Sent, d.State));
        Assert.All(stored.Values, d => Assert.Equal(SendFixture.Start, d.SentAt));
    }

    [Fact]
    public async Task Messages_are_rendered_per_vendor_with_a_deterministic_message_id()
    {
        var transport = new ScriptedTransport();
        var vendor = TestVendors.Create("acme", "Acme GmbH", "\"Berg, Anna\" <anna@acme.example>", cc: "buyer@acme.example");

        await _fixture.SendAsync(_fixture.Session(transport), new[] { vendor });

        var message = transport.Messages.Single();
        Assert.Equal("RFQ RFQ-T-1 for Acme GmbH", message.Subject);
        Assert.Equal("Dear Berg, Anna, Acme GmbH please quote 40 drum CU-3x2.5.", message.TextBody);
        Assert.Equal("buyer@acme.example", message.Cc.Single().Address);
        Assert.Equal(MessageIdFactory.Create("RFQ-T-1", "acme", _fixture.Rfq.From), message.MessageId);
        Assert.Equal(SendFixture.Start, message.Date);
        Assert.Contains(message.ExtraHeaders, h => h.Key == "X-RFQ-Number" && h.Value == "RFQ-T-1");
    }

    [Fact]
    public async Task A_second_send_of_the_same_vendors_mails_nothing_and_reports_already_done()
    {
        var vendors = TestVendors.Many(4);
        await _fixture.SendAsync(_fixture.Session(new ScriptedTransport()), vendors);
        var second = new ScriptedTransport();

        var results = await _fixture.SendAsync(_fixture.Session(second), vendors.Concat(TestVendors.Many(1, "late")).ToList());

        Assert.Single(second.Messages);
        Assert.Equal("sales1@vendor1.example", second.Messages[0].To[0].Address);
        Assert.Equal(4, results.Count(r => r.Action == SendAction.AlreadyDone));
        Assert.Equal("late0001", results.Single(r => r.Action == SendAction.Sent).VendorKey);
        Assert.All(results.Where(r => r.Action == SendAction.AlreadyDone), r => Assert.StartsWith("already sent", r.Detail));
    }

    [Fact]
    public async Task Outcomes_map_to_states_with_the_transport_words()
    {
        var transport = new ScriptedTransport(m => m.To[0].Address switch
        {
            "sales1@vendor1.example" => new TransportOutcome(TransportOutcomeKind.Transient, "451 4.3.0 try later"),
            "sales2@vendor2.example" => new TransportOutcome(TransportOutcomeKind.Permanent, "550 5.1.1 no such user"),
            "sales3@vendor3.example" => new TransportOutcome(TransportOutcomeKind.InDoubt, "connection lost after the final dot"),
            _ => TransportOutcome.Sent(),
        });

        var results = await _fixture.SendAsync(_fixture.Session(transport), TestVendors.Many(4));

        Assert.Equal(new[] { SendAction.Deferred, SendAction.Failed, SendAction.InDoubt, SendAction.Sent }, results.Select(r => r.Action));
        var stored = await _fixture.DeliveriesAsync();
        Assert.Equal(DeliveryState.Deferred, stored["v0001"].State);
        Assert.Equal(SendFixture.Start.AddMinutes(1), stored["v0001"].NextAttemptAt);
        Assert.Equal("550 5.1.1 no such user", stored["v0002"].Detail);
        Assert.Equal(DeliveryState.Failed, stored["v0002"].State);
        Assert.Equal(DeliveryState.InDoubt, stored["v0003"].State);
        Assert.True(results[1].IsError);
        Assert.True(results[2].IsError);
        Assert.False(results[0].IsError);
    }

    [Fact]
    public async Task Deferred_deliveries_wait_for_their_time_back_off_exponentially_and_give_up_after_max_attempts()
    {
        var attempts = 0;
        var transport = new ScriptedTransport(_ =>
        {
            attempts++;
            return new TransportOutcome(TransportOutcomeKind.Transient, "421 4.7.0 busy");
        });
        var options = new SendOptions { Owner = "o", MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromMinutes(2) };
        await _fixture.SendAsync(_fixture.Session(transport, options), TestVendors.Many(1));

        _fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(await _fixture.SendDueAsync(_fixture.Session(transport, options)));
        _fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await _fixture.SendDueAsync(_fixture.Session(transport, options));
        var afterSecond = (await _fixture.DeliveriesAsync())["v0001"];
        _fixture.Clock.Advance(TimeSpan.FromMinutes(4));
        var third = await _fixture.SendDueAsync(_fixture.Session(transport, options));

        Assert.Equal(3, attempts);
        Assert.Equal(SendAction.Deferred, second.Single().Action);
        Assert.Equal(_fixture.Clock.Now, afterSecond.NextAttemptAt);
        Assert.Equal(SendAction.Failed, third.Single().Action);
        Assert.Contains("gave up after 3 attempts", third.Single().Detail);
        Assert.Equal(DeliveryState.Failed, (await _fixture.DeliveriesAsync())["v0001"].State);
    }

    [Fact]
    public async Task A_server_retry_hint_longer_than_the_backoff_is_honoured()
    {
        var transport = new ScriptedTransport(_ => new TransportOutcome(TransportOutcomeKind.Transient, "429", TimeSpan.FromMinutes(30)));

        await _fixture.SendAsync(_fixture.Session(transport), TestVendors.Many(1));

        Assert.Equal(SendFixture.Start.AddMinutes(30), (await _fixture.DeliveriesAsync())["v0001"].NextAttemptAt);
    }

    [Fact]
    public async Task Max_messages_caps_a_run_and_the_rest_stays_queued_for_the_next()
    {
        var transport = new ScriptedTransport();
        var vendors = TestVendors.Many(10);
        var session = _fixture.Session(transport, new SendOptions { Owner = "o", MaxMessages = 4, BatchSize = 3 });

        var results = await _fixture.SendAsync(session, vendors);
        var rest = await _fixture.SendDueAsync(_fixture.Session(transport));

        Assert.Equal(4, results.Count(r => r.Action == SendAction.Sent));
        Assert.Equal(6, results.Count(r => r.Action == SendAction.NotSent));
        Assert.True(session.LimitReached);
        Assert.Equal(6, rest.Count);
        Assert.Equal(10, transport.Messages.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task A_template_field_a_vendor_lacks_stops_the_batch_before_anything_is_registered_or_sent()
    {
        _fixture.Rfq = SendFixture.CreateRfq(body: "Region: {{Vendor.Region}}");
        var transport = new ScriptedTransport();
        var withRegion = TestVendors.Create("a", "Has Region", "a@a.example", fields: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Region"] = "North" });
        var without = TestVendors.Create("b", "No Region Ltd", "b@b.example");

        var ex = await Assert.ThrowsAsync<VendorCheckException>(() => _fixture.SendAsync(_fixture.Session(transport), new[] { withRegion, without }));

        Assert.Contains("Vendor.Region", ex.Message);
        Assert.Contains("No Region Ltd", ex.Message);
        Assert.Empty(transport.Messages);
        Assert.Empty(await _fixture.DeliveriesAsync());
    }

    [Fact]
    public async Task Cancellation_stops_after_the_message_in_flight_and_gives_the_rest_back_to_the_queue()
    {
        using var cancel = new CancellationTokenSource();
        var transport = new ScriptedTransport { OnSend = _ => cancel.Cancel() };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _fixture.SendAsync(_fixture.Session(transport), TestVendors.Many(5), cancel.Token));

        var stored = await _fixture.DeliveriesAsync();
        Assert.Single(transport.Messages);
        Assert.Equal(DeliveryState.Sent, stored["v0001"].State);
        Assert.All(stored.Values.Where(d => d.VendorKey != "v0001"), d => Assert.Equal(DeliveryState.Queued, d.State));
        Assert.All(stored.Values.Where(d => d.VendorKey != "v0001"), d => Assert.Equal(0, d.Attempts));

        var resumed = new ScriptedTransport();
        await _fixture.SendDueAsync(_fixture.Session(resumed));
        Assert.Equal(4, resumed.Messages.Count);
    }

    [Fact]
    public async Task Work_a_crashed_sender_had_in_flight_becomes_in_doubt_and_its_other_claims_are_sent()
    {
        await _fixture.Store.RegisterCampaignAsync(_fixture.Rfq, CancellationToken.None);
        await _fixture.Store.RegisterVendorsAsync(_fixture.Rfq.Number, TestVendors.Many(3), v => "id-" + v.Key, CancellationToken.None);
        var crashed = await _fixture.Store.ClaimAsync(new ClaimRequest(_fixture.Rfq.Number, "crashed-host/42/run", 2, TimeSpan.FromMinutes(10), SendFixture.Start.AddHours(-1)), CancellationToken.None);
        await _fixture.Store.MarkInFlightAsync(crashed[0].Record.Id, "crashed-host/42/run", CancellationToken.None);
        var transport = new ScriptedTransport();

        var session = _fixture.Session(transport);
        var results = await _fixture.SendDueAsync(session);

        Assert.Equal(new[] { "sales2@vendor2.example", "sales3@vendor3.example" }, transport.RecipientsSent);
        Assert.Equal(new[] { "v0002", "v0003" }, results.Select(r => r.VendorKey));
        Assert.Equal(1, session.Recovery!.InDoubt);
        Assert.Equal(1, session.Recovery.Requeued);
        var inDoubt = (await _fixture.DeliveriesAsync())["v0001"];
        Assert.Equal(DeliveryState.InDoubt, inDoubt.State);
        Assert.Contains("crashed-host/42/run", inDoubt.Detail);
    }

    [Fact]
    public async Task The_claims_of_a_dead_process_on_this_machine_are_recovered_without_waiting_for_the_lease()
    {
        using var finished = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        finished.WaitForExit();
        var deadOwner = $"{Environment.MachineName}/{finished.Id}/run1";
        await _fixture.Store.RegisterCampaignAsync(_fixture.Rfq, CancellationToken.None);
        await _fixture.Store.RegisterVendorsAsync(_fixture.Rfq.Number, TestVendors.Many(2), v => "id-" + v.Key, CancellationToken.None);
        var claimed = await _fixture.Store.ClaimAsync(new ClaimRequest(_fixture.Rfq.Number, deadOwner, 2, TimeSpan.FromHours(1), SendFixture.Start), CancellationToken.None);
        await _fixture.Store.MarkInFlightAsync(claimed[0].Record.Id, deadOwner, CancellationToken.None);
        var transport = new ScriptedTransport();

        var results = await _fixture.SendDueAsync(_fixture.Session(transport));

        Assert.Equal("v0002", results.Single().VendorKey);
        Assert.Equal(DeliveryState.InDoubt, (await _fixture.DeliveriesAsync())["v0001"].State);
        Assert.False(SenderIdentity.IsDeadLocalProcess($"{Environment.MachineName}/{Environment.ProcessId}/x"));
        Assert.False(SenderIdentity.IsDeadLocalProcess($"another-host/{finished.Id}/x"));
    }

    [Fact]
    public async Task In_doubt_deliveries_are_resent_only_when_asked_and_failed_ones_are_retried_on_request()
    {
        var transport = new ScriptedTransport(m => m.To[0].Address switch
        {
            "sales1@vendor1.example" => new TransportOutcome(TransportOutcomeKind.InDoubt, "lost after dot"),
            "sales2@vendor2.example" => new TransportOutcome(TransportOutcomeKind.Permanent, "550 mailbox full"),
            _ => TransportOutcome.Sent(),
        });
        await _fixture.SendAsync(_fixture.Session(transport), TestVendors.Many(3));

        var skipping = new ScriptedTransport();
        await _fixture.SendDueAsync(_fixture.Session(skipping));
        var resending = new ScriptedTransport();
        await _fixture.SendDueAsync(_fixture.Session(resending, new SendOptions { Owner = "o", InDoubt = InDoubtPolicy.Resend }));
        var retrying = new ScriptedTransport();
        await _fixture.SendDueAsync(_fixture.Session(retrying, new SendOptions { Owner = "o", RetryFailed = true }));

        Assert.Empty(skipping.Messages);
        Assert.Equal(new[] { "sales1@vendor1.example" }, resending.RecipientsSent);
        Assert.Equal(transport.Messages[0].MessageId, resending.Messages[0].MessageId);
        Assert.Equal(new[] { "sales2@vendor2.example" }, retrying.RecipientsSent);
        Assert.All((await _fixture.DeliveriesAsync()).Values, d => Assert.Equal(DeliveryState.Sent, d.State));
    }

    [Fact]
    public async Task Several_transports_send_at_once_and_every_vendor_goes_out_exactly_once()
    {
        var transports = Enumerable.Range(0, 3).Select(_ => new SlowTransport(TimeSpan.FromMilliseconds(5))).ToList();
        var options = new SendOptions { Owner = "o", Concurrency = 3, BatchSize = 10, RetryCount = 0 };
        var session = RfqSendSession.Create(_fixture.Rfq, _fixture.Store, transports, options, clock: _fixture.Clock);

        var results = await _fixture.SendAsync(session, TestVendors.Many(45));

        Assert.Equal(45, results.Count);
        Assert.Equal(45, results.Select(r => r.VendorKey).Distinct().Count());
        Assert.All(transports, t => Assert.True(t.Sent > 3, "every connection took a share"));
        Assert.Equal(45, transports.Sum(t => t.Sent));
        Assert.True(transports.Max(t => t.MaxParallel) == 1, "one message at a time per connection");
        Assert.All((await _fixture.DeliveriesAsync()).Values, d => Assert.Equal(DeliveryState.Sent, d.State));
    }

    [Fact]
    public async Task Transient_failures_are_retried_in_the_run_unless_the_server_asks_for_a_long_wait()
    {
        _fixture.InRunRetries = 2;
        var tries = new Dictionary<string, int>();
        var transport = new ScriptedTransport(m =>
        {
            var to = m.To[0].Address;
            tries[to] = tries.TryGetValue(to, out var n) ? n + 1 : 1;
            return to switch
            {
                "sales1@vendor1.example" when tries[to] < 3 => new TransportOutcome(TransportOutcomeKind.Transient, "451 try again", TimeSpan.FromMilliseconds(1)),
                "sales2@vendor2.example" => new TransportOutcome(TransportOutcomeKind.Transient, "429 throttled", TimeSpan.FromMinutes(10)),
                _ => TransportOutcome.Sent(),
            };
        });
        var session = RfqSendSession.Create(_fixture.Rfq, _fixture.Store, transport, new SendOptions { Owner = "o", RetryCount = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });

        var results = await _fixture.SendAsync(session, TestVendors.Many(2));

        Assert.Equal(3, tries["sales1@vendor1.example"]);
        Assert.Equal(SendAction.Sent, results[0].Action);
        Assert.Equal(1, tries["sales2@vendor2.example"]);
        Assert.Equal(SendAction.Deferred, results[1].Action);
        Assert.Equal(1, (await _fixture.DeliveriesAsync())["v0001"].Attempts);
    }

    [Fact]
    public async Task Preview_reports_what_would_happen_and_writes_nothing()
    {
        var vendors = TestVendors.Many(3);
        await _fixture.SendAsync(_fixture.Session(new ScriptedTransport(), new SendOptions { Owner = "o", MaxMessages = 1 }), vendors);
        var transport = new ScriptedTransport();

        var preview = await _fixture.Session(transport).PreviewAsync(vendors.Concat(TestVendors.Many(1, "new")).ToList(), CancellationToken.None);

        Assert.Empty(transport.Messages);
        Assert.Equal(new[] { SendAction.AlreadyDone, SendAction.WouldSend, SendAction.WouldSend, SendAction.WouldSend }, preview.Select(p => p.Action));
        Assert.Equal(MessageIdFactory.Create("RFQ-T-1", "new0001", _fixture.Rfq.From), preview[3].MessageId);
        Assert.Equal(3, (await _fixture.DeliveriesAsync()).Count);
    }

    [Fact]
    public async Task A_message_that_cannot_be_written_fails_that_vendor_only()
    {
        var transport = new PickupFolderTransport(Path.Combine(_fixture.Folder, "outbox"));
        var vendors = new[]
        {
            TestVendors.Create("utf8", "Local Part Vendor", "jörg@example.de"),
            TestVendors.Create("plain", "Plain Vendor", "sales@example.de"),
        };

        var results = await _fixture.SendAsync(_fixture.Session(transport), vendors);

        Assert.Equal(SendAction.Failed, results[0].Action);
        Assert.Contains("jörg@example.de", results[0].Detail);
        Assert.Equal(SendAction.Sent, results[1].Action);
        Assert.True(File.Exists(results[1].Detail));
    }

    [Fact]
    public async Task A_transport_that_cannot_send_at_all_stops_the_run_and_gives_every_claim_back()
    {
        var calls = 0;
        var transport = new ScriptedTransport(_ =>
        {
            if (++calls == 2)
            {
                throw new RfqSenderException("535 5.7.8 authentication failed for user 'rfq'");
            }

            return TransportOutcome.Sent();
        });

        var results = new List<DeliveryResult>();
        var ex = await Assert.ThrowsAsync<RfqSenderException>(() => _fixture.Session(transport).SendVendorsAsync(TestVendors.Many(4), results.Add, CancellationToken.None));

        Assert.Contains("535", ex.Message);
        Assert.Equal("v0001", results.Single().VendorKey);
        var stored = await _fixture.DeliveriesAsync();
        Assert.Equal(DeliveryState.Sent, stored["v0001"].State);
        Assert.All(new[] { "v0002", "v0003", "v0004" }, key => Assert.Equal(DeliveryState.Queued, stored[key].State));
        Assert.All(new[] { "v0002", "v0003", "v0004" }, key => Assert.Equal(0, stored[key].Attempts));
    }

    [Fact]
    public async Task A_daily_limit_that_would_hold_claims_for_hours_ends_the_run_and_says_when_to_resume()
    {
        var transport = new ScriptedTransport();
        var session = _fixture.Session(transport, new SendOptions { Owner = "o", RatePerDay = 2 });

        var results = await _fixture.SendAsync(session, TestVendors.Many(5));

        Assert.Equal(2, transport.Messages.Count);
        Assert.Equal(new[] { SendAction.Sent, SendAction.Sent }, results.Take(2).Select(r => r.Action));
        Assert.All(results.Skip(2), r => Assert.Equal(SendAction.NotSent, r.Action));
        Assert.Equal(SendFixture.Start.AddDays(1), session.RateLimitedUntil);
        Assert.Contains("rate limit", results[2].Detail);
        var stored = await _fixture.DeliveriesAsync();
        Assert.Equal(3, stored.Values.Count(d => d.State == DeliveryState.Queued));

        // The next run remembers what was sent in the last 24 hours.
        var later = new ScriptedTransport();
        await _fixture.SendDueAsync(_fixture.Session(later, new SendOptions { Owner = "o", RatePerDay = 2 }));
        Assert.Empty(later.Messages);
        _fixture.Clock.Advance(TimeSpan.FromDays(1));
        await _fixture.SendDueAsync(_fixture.Session(later, new SendOptions { Owner = "o", RatePerDay = 2 }));
        Assert.Equal(2, later.Messages.Count);
    }

    [Fact]
    public async Task Prepare_recovers_a_stopped_run_so_what_it_left_is_counted_as_due()
    {
        await _fixture.Store.RegisterCampaignAsync(_fixture.Rfq, CancellationToken.None);
        await _fixture.Store.RegisterVendorsAsync(_fixture.Rfq.Number, TestVendors.Many(3), v => "id-" + v.Key, CancellationToken.None);
        await _fixture.Store.ClaimAsync(new ClaimRequest(_fixture.Rfq.Number, "gone/1/x", 3, TimeSpan.FromMinutes(1), SendFixture.Start.AddHours(-1)), CancellationToken.None);
        var due = new DeliveryQuery(_fixture.Rfq.Number) { States = new[] { DeliveryState.Queued, DeliveryState.Deferred } };
        Assert.Empty(await _fixture.Store.GetDeliveriesAsync(due, CancellationToken.None));

        await _fixture.Session(new ScriptedTransport()).PrepareAsync(CancellationToken.None);

        Assert.Equal(3, (await _fixture.Store.GetDeliveriesAsync(due, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Invalid_options_are_refused_naming_the_option()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _fixture.Session(new ScriptedTransport(), new SendOptions { BatchSize = 0 }));
        Assert.Equal("BatchSize", ex.ParamName);
        await Task.CompletedTask;
    }
}
