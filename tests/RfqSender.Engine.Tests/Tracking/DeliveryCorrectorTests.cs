using Microsoft.Data.Sqlite;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Tracking.Sqlite;

namespace RfqSender.Engine.Tests.Tracking;

public sealed class DeliveryCorrectorTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly TestFolder _temp = new();
    private readonly SqliteDeliveryStore _store;
    private DateTimeOffset _now = T0.AddHours(1);

    public DeliveryCorrectorTests()
    {
        _store = SqliteDeliveryStore.Open(_temp.Combine("rfq.db"));
        _store.RegisterCampaignAsync(
            new Rfq("RFQ-1", "Cable", T0.AddDays(20), MailboxAddress.Parse("buy@contoso.example"), null, "RFQ", "Hello", null, Array.Empty<LineItem>(), Array.Empty<RfqAttachment>()),
            CancellationToken.None).GetAwaiter().GetResult();
        _store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(4), v => "id." + v.Key, CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _store.Dispose();
        _temp.Dispose();
    }

    private DeliveryCorrector Corrector(string who = "alice") => new(_store, who, () => _now);

    private async Task<DeliveryRecord> Delivery(string key) =>
        (await _store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1") { VendorKeys = new[] { key } }, CancellationToken.None)).Single();

    private async Task<DeliveryRecord> Claim(string key) =>
        (await _store.ClaimAsync(new ClaimRequest("RFQ-1", "host:1", 1, TimeSpan.FromMinutes(5), T0) { VendorKeys = new[] { key } }, CancellationToken.None)).Single().Record;

    private async Task Complete(string key, DeliveryState state)
    {
        var claimed = await Claim(key);
        await _store.MarkInFlightAsync(claimed.Id, "host:1", CancellationToken.None);
        Assert.True(await _store.CompleteAsync(new DeliveryCompletion(claimed.Id, "host:1", state, "250 ok", T0.AddMinutes(1)), CancellationToken.None));
    }

    private async Task<DeliveryRecord> Set(string key, DeliveryState to, string? reason = null, string who = "alice")
    {
        var corrector = Corrector(who);
        return await corrector.ApplyAsync(await corrector.PlanAsync("RFQ-1", key, to, reason, CancellationToken.None), CancellationToken.None);
    }

    [Fact]
    public async Task Excluding_a_queued_vendor_records_who_when_and_why_and_no_send_claims_it_again()
    {
        var skipped = await Set("v0002", DeliveryState.Skipped, "  duplicate of v0001  ");

        Assert.Equal(DeliveryState.Skipped, skipped.State);
        Assert.Equal(_now, skipped.UpdatedAt);
        var change = skipped.LastChange!;
        Assert.Equal((DeliveryState.Queued, DeliveryState.Skipped, "alice", "duplicate of v0001", _now), (change.From, change.To, change.ChangedBy, change.Reason, change.ChangedAt));
        Assert.Equal("Queued to Skipped on 2026-11-22 10:00:00Z by alice: duplicate of v0001", change.ToString());
        var claimed = await _store.ClaimAsync(new ClaimRequest("RFQ-1", "host:2", 10, TimeSpan.FromMinutes(5), _now), CancellationToken.None);
        Assert.Equal(new[] { "v0001", "v0003", "v0004" }, claimed.Select(c => c.Record.VendorKey));
        Assert.Null((await Delivery("v0001")).LastChange);
    }

    [Fact]
    public async Task A_vendor_marked_sent_by_mistake_goes_back_in_the_queue_with_its_attempts_counted_from_zero()
    {
        await Complete("v0001", DeliveryState.Sent);

        var queued = await Set("v0001", DeliveryState.Queued, "the mail server lost it");

        Assert.Equal((DeliveryState.Queued, 0), (queued.State, queued.Attempts));
        Assert.Null(queued.LeaseOwner);
        Assert.Equal(T0.AddMinutes(1), queued.SentAt);
        var claimed = await _store.ClaimAsync(new ClaimRequest("RFQ-1", "host:2", 1, TimeSpan.FromMinutes(5), _now) { VendorKeys = new[] { "v0001" } }, CancellationToken.None);
        Assert.Single(claimed);
    }

    [Fact]
    public async Task An_in_doubt_delivery_confirmed_as_sent_gets_a_sent_time_and_the_campaign_version()
    {
        var claimed = await Claim("v0003");
        await _store.MarkInFlightAsync(claimed.Id, "host:1", CancellationToken.None);
        // A sender that died in flight: recovered as InDoubt, without a sent time or version.
        var recovery = await _store.RecoverAbandonedAsync("RFQ-1", T0.AddMinutes(30), _ => false, CancellationToken.None);
        Assert.Equal(1, recovery.InDoubt);
        var inDoubt = await Delivery("v0003");
        Assert.Equal((DeliveryState.InDoubt, (DateTimeOffset?)null, (int?)null), (inDoubt.State, inDoubt.SentAt, inDoubt.RfqVersion));

        var sent = await Set("v0003", DeliveryState.Sent);

        Assert.Equal(DeliveryState.Sent, sent.State);
        Assert.Equal(inDoubt.UpdatedAt, sent.SentAt);
        Assert.Equal(1, sent.RfqVersion);
        Assert.Null(sent.LastChange!.Reason);
    }

    [Fact]
    public async Task An_in_doubt_delivery_to_resend_is_queued_again()
    {
        await Complete("v0004", DeliveryState.InDoubt);

        var queued = await Set("v0004", DeliveryState.Queued, "not in the server's log");

        Assert.Equal(DeliveryState.Queued, queued.State);
        Assert.Equal(DeliveryState.InDoubt, queued.LastChange!.From);
    }

    [Fact]
    public async Task A_delivery_being_sent_is_refused_and_left_untouched()
    {
        var before = await Claim("v0001");

        var refused = await Assert.ThrowsAsync<DeliveryCorrectionException>(() => Corrector().PlanAsync("RFQ-1", "v0001", DeliveryState.Skipped, null, CancellationToken.None));

        Assert.Equal(DeliveryCorrectionRefusal.InFlight, refused.Refusal);
        Assert.Contains("claimed by host:1", refused.Message);
        var after = await Delivery("v0001");
        Assert.Equal((DeliveryState.Sending, before.UpdatedAt, "host:1"), (after.State, after.UpdatedAt, after.LeaseOwner));
        Assert.Empty(await _store.GetChangesAsync("RFQ-1", null, CancellationToken.None));
    }

    [Fact]
    public async Task A_change_planned_before_a_send_claimed_the_delivery_is_not_applied()
    {
        var corrector = Corrector();
        var plan = await corrector.PlanAsync("RFQ-1", "v0002", DeliveryState.Skipped, null, CancellationToken.None);
        await Claim("v0002");

        var refused = await Assert.ThrowsAsync<DeliveryCorrectionException>(() => corrector.ApplyAsync(plan, CancellationToken.None));

        Assert.Equal(DeliveryCorrectionRefusal.ChangedMeanwhile, refused.Refusal);
        Assert.Contains("changed from Queued to Sending", refused.Message);
        Assert.Equal(DeliveryState.Sending, (await Delivery("v0002")).State);
        Assert.Empty(await _store.GetChangesAsync("RFQ-1", null, CancellationToken.None));
    }

    [Fact]
    public async Task The_store_changes_nothing_when_the_delivery_is_no_longer_in_the_expected_state()
    {
        var record = await Delivery("v0001");
        var stale = new DeliveryStateChange { DeliveryId = record.Id, RfqNumber = "RFQ-1", VendorKey = "v0001", From = DeliveryState.Sent, To = DeliveryState.Queued, ChangedBy = "alice", At = _now };

        Assert.False(await _store.ChangeStateAsync(stale, CancellationToken.None));
        Assert.Equal(DeliveryState.Queued, (await Delivery("v0001")).State);
        Assert.Empty(await _store.GetChangesAsync("RFQ-1", null, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_vendor_is_named_in_the_refusal()
    {
        var refused = await Assert.ThrowsAsync<DeliveryCorrectionException>(() => Corrector().PlanAsync("RFQ-1", "nobody", DeliveryState.Skipped, null, CancellationToken.None));

        Assert.Equal(DeliveryCorrectionRefusal.NotFound, refused.Refusal);
        Assert.Contains("no vendor with the key 'nobody'", refused.Message);
    }

    [Theory]
    [InlineData("two\nlines")]
    [InlineData("an \u001b[31m escape")]
    public async Task A_reason_that_is_not_one_printable_line_is_refused_before_anything_is_read(string reason)
    {
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Corrector().PlanAsync("RFQ-1", "v0001", DeliveryState.Skipped, reason, CancellationToken.None));

        Assert.StartsWith("The reason cannot be recorded: the value contains", refused.Message);
        Assert.NotNull(DeliveryCorrector.CheckReason(new string('x', DeliveryTransitionRules.MaxReasonLength + 1)));
        Assert.Null(DeliveryCorrector.CheckReason(new string('x', DeliveryTransitionRules.MaxReasonLength)));
    }

    [Fact]
    public async Task Setting_the_state_a_delivery_is_in_records_nothing()
    {
        await Set("v0001", DeliveryState.Skipped);
        var corrector = Corrector("bob");

        var plan = await corrector.PlanAsync("RFQ-1", "v0001", DeliveryState.Skipped, "again", CancellationToken.None);
        var after = await corrector.ApplyAsync(plan, CancellationToken.None);

        Assert.True(plan.IsUnchanged);
        Assert.Equal("alice", after.LastChange!.ChangedBy);
        Assert.Single(await _store.GetChangesAsync("RFQ-1", null, CancellationToken.None));
    }

    [Fact]
    public async Task The_history_lists_every_change_in_order_and_filters_by_vendor()
    {
        await Set("v0001", DeliveryState.Skipped, "first");
        _now = _now.AddMinutes(1);
        await Set("v0002", DeliveryState.Responded, "phoned", who: "bob");
        _now = _now.AddMinutes(1);
        await Set("v0001", DeliveryState.Queued, "back in");

        var all = await _store.GetChangesAsync("RFQ-1", null, CancellationToken.None);
        var one = await _store.GetChangesAsync("RFQ-1", new[] { "V0001" }, CancellationToken.None);

        Assert.Equal(new[] { "v0001 Queued>Skipped first", "v0002 Queued>Responded phoned", "v0001 Skipped>Queued back in" }, all.Select(c => $"{c.VendorKey} {c.From}>{c.To} {c.Reason}"));
        Assert.Equal(new[] { "first", "back in" }, one.Select(c => c.Reason));
        Assert.Equal("Vendor 1", one[0].VendorName);
        Assert.Equal("back in", (await Delivery("v0001")).LastChange!.Reason);
    }

    [Fact]
    public async Task A_campaign_reports_its_counts_by_state_and_its_last_activity()
    {
        await Complete("v0001", DeliveryState.Sent);
        await Complete("v0002", DeliveryState.Failed);
        var registered = (await _store.GetCampaignsAsync("RFQ-1", CancellationToken.None)).Single();
        _now = DateTimeOffset.UtcNow.AddDays(1);
        await Set("v0003", DeliveryState.Skipped);

        var campaign = (await _store.GetCampaignsAsync("RFQ-1", CancellationToken.None)).Single();

        Assert.Equal((4, 1, 1, 1, 1, 1), (campaign.Total, campaign.Sent, campaign.Failed, campaign.Skipped, campaign.Queued, campaign.Open));
        Assert.Equal(0, campaign.InDoubt);
        Assert.Equal("1 Queued, 1 Sent, 1 Failed, 1 Skipped", campaign.Counts.ToString());
        Assert.True(registered.LastActivity >= registered.UpdatedAt);
        Assert.Equal(_now.ToUnixTimeMilliseconds(), campaign.LastActivity.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_store_of_schema_version_4_gains_the_change_table_and_keeps_its_deliveries()
    {
        var path = _temp.Combine("old.db");
        using (var store = SqliteDeliveryStore.Open(path))
        {
            await store.RegisterCampaignAsync(new Rfq("RFQ-2", "Old", T0, MailboxAddress.Parse("buy@contoso.example"), null, "s", "b", null, Array.Empty<LineItem>(), Array.Empty<RfqAttachment>()), CancellationToken.None);
            await store.RegisterVendorsAsync("RFQ-2", TestVendors.Many(2), v => "id." + v.Key, CancellationToken.None);
        }

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE delivery_attempts; DROP TABLE audit_entries; DROP INDEX ix_deliveries_page; ALTER TABLE campaigns DROP COLUMN paused_at; ALTER TABLE campaigns DROP COLUMN paused_by; ALTER TABLE campaigns DROP COLUMN pause_reason; DROP TABLE quote_lines; DROP TABLE quotes; DROP TABLE reminder_attempts; ALTER TABLE deliveries DROP COLUMN reminders_sent; ALTER TABLE deliveries DROP COLUMN last_reminder_at; ALTER TABLE deliveries DROP COLUMN reminder_pending; DROP TABLE store_secrets; DROP TABLE source_states; DROP TABLE inbound_attachments; DROP TABLE inbound_messages; DROP TABLE send_slots; DROP TABLE delivery_changes; PRAGMA user_version = 4;";
            command.ExecuteNonQuery();
        }

        using var again = SqliteDeliveryStore.Open(path);
        var corrector = new DeliveryCorrector(again, "alice");
        var skipped = await corrector.ApplyAsync(await corrector.PlanAsync("RFQ-2", "v0001", DeliveryState.Skipped, null, CancellationToken.None), CancellationToken.None);

        Assert.Equal(DeliveryState.Skipped, skipped.State);
        Assert.Equal(2, (await again.GetDeliveriesAsync(new DeliveryQuery("RFQ-2"), CancellationToken.None)).Count);
    }
}
