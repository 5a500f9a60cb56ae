using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Quotes;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Tracking;

/// <summary>
/// What every store must do, written against the interfaces only. An implementation derives from
/// this class and says how to open one store per test instance (<see cref="Open"/>); nothing here
/// depends on how or where a store keeps its data. An implementation whose server is not set up
/// here skips (<see cref="Skip"/>) from <see cref="Open"/>; under CI=true it fails instead.
/// </summary>
public abstract class DeliveryStoreContract : IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Opens this test instance's store, the same one each time: empty at first; with
    /// <paramref name="create"/> false, a store not created yet is not created (it reads as empty).
    /// </summary>
    protected abstract IDeliveryStore Open(bool create);

    public virtual void Dispose()
    {
    }

    protected static Rfq Rfq(string number = "RFQ-1", string title = "Cable") => new(
        number,
        title,
        new DateTimeOffset(2026, 12, 15, 17, 0, 0, TimeSpan.FromHours(1)),
        MailboxAddress.Parse("Purchasing <buy@contoso.example>"),
        MailboxAddress.Parse("replies@contoso.example"),
        "RFQ {{Rfq.Number}}",
        "Hello {{Vendor.Name}}",
        null,
        new[] { new LineItem("CU-1", "Cable 3x2.5 mm²", 40m, "drum") },
        Array.Empty<RfqAttachment>());

    protected static string MessageId(Engine.Vendors.Vendor v) => "id." + v.Key + "@contoso.example";

    [SkippableFact]
    public async Task Reopening_a_store_keeps_its_data_and_the_campaigns_rfq()
    {
        using (var store = Open(create: true))
        {
            await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
            await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(3), MessageId, CancellationToken.None);
        }

        using (var store = Open(create: true))
        {
            var deliveries = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
            Assert.Equal(3, deliveries.Count);
            var rfq = await store.GetCampaignRfqAsync("RFQ-1", CancellationToken.None);
            Assert.NotNull(rfq);
            Assert.Equal("Cable 3x2.5 mm²", rfq!.Items[0].Description);
            Assert.Equal(TimeSpan.FromHours(1), rfq.DueDate.Offset);
            Assert.Equal("replies@contoso.example", rfq.ReplyTo!.Address);
        }
    }

    [SkippableFact]
    public async Task Registering_the_same_vendors_again_is_idempotent_and_keeps_states()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        var vendors = TestVendors.Many(5);
        var first = await store.RegisterVendorsAsync("RFQ-1", vendors, MessageId, CancellationToken.None);
        Assert.Equal((5, 0, 0), (first.Added, first.Updated, first.Unchanged));

        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 2, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        foreach (var c in claimed)
        {
            Assert.True(await store.CompleteAsync(new DeliveryCompletion(c.Record.Id, "me", DeliveryState.Sent, "ok", T0), CancellationToken.None));
        }

        var again = await store.RegisterVendorsAsync("RFQ-1", vendors.Concat(TestVendors.Many(1, "new")).ToList(), MessageId, CancellationToken.None);
        Assert.Equal((1, 0, 5), (again.Added, again.Updated, again.Unchanged));
        var all = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        Assert.Equal(6, all.Count);
        Assert.Equal(2, all.Count(d => d.State == DeliveryState.Sent));
        Assert.Equal(4, all.Count(d => d.State == DeliveryState.Queued));
        Assert.All(all.Where(d => d.State == DeliveryState.Sent), d => Assert.Equal(T0, d.SentAt));
    }

    [SkippableFact]
    public async Task Changed_contacts_refresh_queued_vendors_but_not_sent_ones()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", new[] { TestVendors.Create("a", "A", "a@a.example"), TestVendors.Create("b", "B", "b@b.example") }, MessageId, CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0) { VendorKeys = new[] { "a" } }, CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed.Single().Record.Id, "me", DeliveryState.Sent, null, T0), CancellationToken.None);

        var result = await store.RegisterVendorsAsync(
            "RFQ-1",
            new[] { TestVendors.Create("a", "A", "new-a@a.example"), TestVendors.Create("b", "B", "new-b@b.example") },
            MessageId,
            CancellationToken.None);

        Assert.Equal(1, result.Updated);
        Assert.Equal(1, result.Unchanged);
        var all = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).ToDictionary(d => d.VendorKey);
        Assert.Equal(new[] { "a@a.example" }, all["a"].To);
        Assert.Equal(new[] { "new-b@b.example" }, all["b"].To);
    }

    [SkippableFact]
    public async Task Vendors_cannot_be_registered_for_an_unknown_campaign()
    {
        using var store = Open(create: true);
        var ex = await Assert.ThrowsAsync<RfqSenderException>(() => store.RegisterVendorsAsync("RFQ-404", TestVendors.Many(1), MessageId, CancellationToken.None));
        Assert.Contains("RFQ-404", ex.Message);
    }

    [SkippableFact]
    public async Task Claims_take_due_work_once_in_order_and_respect_the_vendor_filter()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(10), MessageId, CancellationToken.None);

        var first = await store.ClaimAsync(new ClaimRequest("RFQ-1", "one", 4, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        var second = await store.ClaimAsync(new ClaimRequest("RFQ-1", "two", 4, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        var filtered = await store.ClaimAsync(new ClaimRequest("RFQ-1", "three", 10, TimeSpan.FromMinutes(5), T0) { VendorKeys = new[] { "v0001", "v0010", "nope" } }, CancellationToken.None);

        Assert.Equal(new[] { "v0001", "v0002", "v0003", "v0004" }, first.Select(c => c.Record.VendorKey));
        Assert.Equal(new[] { "v0005", "v0006", "v0007", "v0008" }, second.Select(c => c.Record.VendorKey));
        Assert.Equal(new[] { "v0010" }, filtered.Select(c => c.Record.VendorKey));
        Assert.All(first, c => Assert.Equal(DeliveryState.Sending, c.Record.State));
        Assert.All(first, c => Assert.Equal(1, c.Record.Attempts));
        Assert.Equal("sales1@vendor1.example", first[0].Vendor!.To.Single().Email);
        Assert.Equal(new[] { "Fasteners" }, first[0].Vendor!.Categories);
    }

    [SkippableFact]
    public async Task Deferred_work_is_claimable_only_when_due()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(1), MessageId, CancellationToken.None);
        var claimed = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0), CancellationToken.None)).Single();
        await store.CompleteAsync(
            new DeliveryCompletion(claimed.Record.Id, "me", DeliveryState.Deferred, "421 busy", T0) { NextAttemptAt = T0.AddMinutes(2) },
            CancellationToken.None);

        Assert.Empty(await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0.AddMinutes(1)), CancellationToken.None));
        var retried = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0.AddMinutes(2)), CancellationToken.None);
        Assert.Equal(2, retried.Single().Record.Attempts);
    }

    [SkippableFact]
    public async Task A_reminder_is_queued_only_for_a_sent_delivery_at_its_number_and_sent_like_a_delivery()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(3), MessageId, CancellationToken.None);
        foreach (var claimed in await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 2, TimeSpan.FromMinutes(5), T0), CancellationToken.None))
        {
            await store.CompleteAsync(new DeliveryCompletion(claimed.Record.Id, "me", DeliveryState.Sent, "250 ok", T0), CancellationToken.None);
        }

        var before = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        Assert.All(before, d => Assert.Equal(0, d.Reminders));
        Assert.All(before, d => Assert.Null(d.ReminderPending));

        // Only the Sent ones at reminder 1; a wrong number and a queued (never sent) delivery are left alone.
        var later = T0.AddDays(4);
        var queued = await store.QueueRemindersAsync(
            "RFQ-1",
            new[] { new ReminderRequest(before[0].Id, 1), new ReminderRequest(before[1].Id, 2), new ReminderRequest(before[2].Id, 1) },
            later,
            CancellationToken.None);
        Assert.Equal(new[] { before[0].Id }, queued);
        Assert.Empty(await store.QueueRemindersAsync("RFQ-1", new[] { new ReminderRequest(before[0].Id, 1) }, later, CancellationToken.None));

        var pending = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None))[0];
        Assert.Equal(DeliveryState.Queued, pending.State);
        Assert.Equal(1, pending.ReminderPending);
        Assert.Equal(0, pending.Attempts);

        var claim = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 5, TimeSpan.FromMinutes(5), later), CancellationToken.None)).ToList();
        Assert.Equal(new[] { before[0].Id, before[2].Id }, claim.Select(c => c.Record.Id));
        Assert.Equal(1, claim[0].Record.ReminderPending);
        Assert.Null(claim[1].Record.ReminderPending);

        // A deferred attempt keeps the reminder under way; the accepted one counts it and keeps the RFQ's sent time.
        Assert.True(await store.CompleteAsync(new DeliveryCompletion(claim[0].Record.Id, "me", DeliveryState.Deferred, "reminder 1: 421 busy", later) { Reminder = 1, NextAttemptAt = later }, CancellationToken.None));
        var retry = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), later.AddMinutes(1)), CancellationToken.None)).Single();
        Assert.Equal(1, retry.Record.ReminderPending);
        Assert.Equal(2, retry.Record.Attempts);
        Assert.True(await store.CompleteAsync(new DeliveryCompletion(retry.Record.Id, "me", DeliveryState.Sent, "reminder 1: 250 ok", later.AddMinutes(1)) { Reminder = 1 }, CancellationToken.None));
        Assert.False(await store.CompleteAsync(new DeliveryCompletion(retry.Record.Id, "me", DeliveryState.Sent, "again", later.AddMinutes(2)) { Reminder = 1 }, CancellationToken.None));

        var reminded = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None))[0];
        Assert.Equal(DeliveryState.Sent, reminded.State);
        Assert.Equal(1, reminded.Reminders);
        Assert.Null(reminded.ReminderPending);
        Assert.Equal(later.AddMinutes(1), reminded.LastReminderAt);
        Assert.Equal(T0, reminded.SentAt);
        var attempts = await store.GetReminderAttemptsAsync("RFQ-1", CancellationToken.None);
        Assert.Equal(new[] { DeliveryState.Deferred, DeliveryState.Sent }, attempts.Select(a => a.State));
        Assert.All(attempts, a => Assert.Equal(1, a.Number));
        Assert.All(attempts, a => Assert.Equal(before[0].VendorKey, a.VendorKey));
        Assert.Equal("reminder 1: 421 busy", attempts[0].Detail);

        // The next reminder is number 2, not 1 again.
        Assert.Empty(await store.QueueRemindersAsync("RFQ-1", new[] { new ReminderRequest(before[0].Id, 1) }, later.AddDays(4), CancellationToken.None));
        Assert.Single(await store.QueueRemindersAsync("RFQ-1", new[] { new ReminderRequest(before[0].Id, 2) }, later.AddDays(4), CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_reminder_in_flight_when_its_sender_stopped_becomes_in_doubt_and_stays_the_reminder()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(1), MessageId, CancellationToken.None);
        var first = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0), CancellationToken.None)).Single();
        await store.CompleteAsync(new DeliveryCompletion(first.Record.Id, "me", DeliveryState.Sent, "250 ok", T0), CancellationToken.None);
        await store.QueueRemindersAsync("RFQ-1", new[] { new ReminderRequest(first.Record.Id, 1) }, T0.AddDays(4), CancellationToken.None);
        var claimed = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "dead", 1, TimeSpan.FromMinutes(5), T0.AddDays(4)), CancellationToken.None)).Single();
        Assert.True(await store.MarkInFlightAsync(claimed.Record.Id, "dead", CancellationToken.None));

        var recovered = await store.RecoverAbandonedAsync("RFQ-1", T0.AddDays(4).AddMinutes(10), _ => false, CancellationToken.None);

        Assert.Equal(1, recovered.InDoubt);
        var record = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).Single();
        Assert.Equal(DeliveryState.InDoubt, record.State);
        Assert.Equal(1, record.ReminderPending);
        Assert.Equal(0, record.Reminders);
        Assert.Equal(T0, record.SentAt);
        Assert.Equal(1, await store.RequeueAsync("RFQ-1", new[] { DeliveryState.InDoubt }, CancellationToken.None));
        Assert.Equal(1, (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).Single().ReminderPending);
    }

    [SkippableFact]
    public async Task Completion_by_a_sender_that_lost_its_claim_is_ignored()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(1), MessageId, CancellationToken.None);
        var claimed = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0), CancellationToken.None)).Single();

        Assert.False(await store.CompleteAsync(new DeliveryCompletion(claimed.Record.Id, "someone-else", DeliveryState.Sent, null, T0), CancellationToken.None));
        Assert.Equal(DeliveryState.Sending, (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).Single().State);
    }

    [SkippableFact]
    public async Task Abandoned_claims_in_flight_become_in_doubt_the_others_go_back_and_live_ones_are_left_alone()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(4), MessageId, CancellationToken.None);
        var expired = await store.ClaimAsync(new ClaimRequest("RFQ-1", "crashed", 2, TimeSpan.FromMinutes(1), T0), CancellationToken.None);
        await store.MarkInFlightAsync(expired[0].Record.Id, "crashed", CancellationToken.None);
        var dead = await store.ClaimAsync(new ClaimRequest("RFQ-1", "dead-process", 1, TimeSpan.FromHours(1), T0), CancellationToken.None);
        await store.MarkInFlightAsync(dead[0].Record.Id, "dead-process", CancellationToken.None);
        await store.ClaimAsync(new ClaimRequest("RFQ-1", "alive", 1, TimeSpan.FromMinutes(30), T0), CancellationToken.None);

        var recovered = await store.RecoverAbandonedAsync("RFQ-1", T0.AddMinutes(5), owner => owner == "dead-process", CancellationToken.None);

        Assert.Equal(2, recovered.InDoubt);
        Assert.Equal(1, recovered.Requeued);
        var all = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        Assert.Equal(new[] { DeliveryState.InDoubt, DeliveryState.Queued, DeliveryState.InDoubt, DeliveryState.Sending }, all.Select(d => d.State));
        Assert.Equal("The sender crashed stopped after handing this message to the transport and before recording the answer: it may have been sent.", all[0].Detail);
        Assert.Equal("The sender dead-process stopped after handing this message to the transport and before recording the answer: it may have been sent.", all[2].Detail);
        Assert.Equal(0, all[1].Attempts);
        Assert.Null(all[0].LeaseOwner);
        Assert.Equal("alive", all[3].LeaseOwner);
    }

    [SkippableFact]
    public async Task Requeue_puts_in_doubt_and_failed_deliveries_back_with_fresh_attempts()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(3), MessageId, CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 3, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[0].Record.Id, "me", DeliveryState.InDoubt, "lost", T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[1].Record.Id, "me", DeliveryState.Failed, "550", T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[2].Record.Id, "me", DeliveryState.Sent, "250", T0), CancellationToken.None);

        Assert.Equal(1, await store.RequeueAsync("RFQ-1", new[] { DeliveryState.InDoubt }, CancellationToken.None));
        Assert.Equal(1, await store.RequeueAsync("RFQ-1", new[] { DeliveryState.Failed }, CancellationToken.None));

        var all = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        Assert.Equal(new[] { DeliveryState.Queued, DeliveryState.Queued, DeliveryState.Sent }, all.Select(d => d.State));
        Assert.Equal(new[] { 0, 0, 1 }, all.Select(d => d.Attempts));
    }

    [SkippableFact]
    public async Task Counts_by_category_are_reported()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        var vendors = new[]
        {
            TestVendors.Create("a", "A", "a@a.example", cc: "a2@a.example", categories: new[] { "Cable", "Tools" }),
            TestVendors.Create("b", "B", "b@b.example", categories: new[] { "Cable" }),
            TestVendors.Create("c", "C", "c@c.example"),
        };
        await store.RegisterVendorsAsync("RFQ-1", vendors, MessageId, CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 2, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[0].Record.Id, "me", DeliveryState.Sent, null, T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[1].Record.Id, "me", DeliveryState.Sent, null, T0.AddHours(-30)), CancellationToken.None);

        var counts = await store.GetCountsByCategoryAsync("RFQ-1", CancellationToken.None);

        Assert.Equal(new[] { "Cable", "Tools" }, await store.GetCategoriesAsync("RFQ-1", CancellationToken.None));
        Assert.Empty(await store.GetCategoriesAsync("RFQ-404", CancellationToken.None));
        Assert.Contains(("Cable", DeliveryState.Sent, 2), counts);
        Assert.Contains(("Tools", DeliveryState.Sent, 1), counts);
        Assert.Contains((string.Empty, DeliveryState.Queued, 1), counts);
    }

    [SkippableFact]
    public async Task Released_claims_go_back_to_the_queue()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(3), MessageId, CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 3, TimeSpan.FromMinutes(5), T0), CancellationToken.None);

        await store.ReleaseAsync("me", claimed.Skip(1).Select(c => c.Record.Id).ToList(), CancellationToken.None);

        var all = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        Assert.Equal(new[] { DeliveryState.Sending, DeliveryState.Queued, DeliveryState.Queued }, all.Select(d => d.State));
        Assert.Equal(new[] { 1, 0, 0 }, all.Select(d => d.Attempts));
    }

    [SkippableFact]
    public async Task Queries_filter_by_state_category_and_vendor_and_campaigns_count_by_state()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterCampaignAsync(Rfq("RFQ-2"), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(6), MessageId, CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-2", TestVendors.Many(2), MessageId, CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 2, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[0].Record.Id, "me", DeliveryState.Sent, null, T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[1].Record.Id, "me", DeliveryState.Failed, "550 no such user", T0), CancellationToken.None);

        var failed = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1") { States = new[] { DeliveryState.Failed } }, CancellationToken.None);
        var cable = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1") { Categories = new[] { "cable" } }, CancellationToken.None);
        var one = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1") { VendorKeys = new[] { "v0003" } }, CancellationToken.None);
        var campaigns = await store.GetCampaignsAsync(null, CancellationToken.None);

        Assert.Equal("550 no such user", failed.Single().Detail);
        Assert.Equal(new[] { "v0002", "v0004", "v0006" }, cable.Select(d => d.VendorKey));
        Assert.Equal("v0003", one.Single().VendorKey);
        Assert.Equal(new[] { "RFQ-1", "RFQ-2" }, campaigns.Select(c => c.RfqNumber));
        Assert.Equal(1, campaigns[0].Counts[DeliveryState.Sent]);
        Assert.Equal(1, campaigns[0].Counts[DeliveryState.Failed]);
        Assert.Equal(4, campaigns[0].Counts[DeliveryState.Queued]);
        Assert.Equal(6, campaigns[0].Total);
        Assert.Equal(2, campaigns[1].Total);
    }

    [SkippableFact]
    public async Task Vendor_snapshots_round_trip_contacts_fields_and_non_ascii()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        var vendor = TestVendors.Create(
            "müller",
            "Müller Kabel GmbH",
            "\"Berg, Anna\" <anna@müller-kabel.example>",
            cc: "einkauf@müller-kabel.example",
            categories: new[] { "Kabel", "Strom" },
            fields: new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Country"] = "DE", ["Phone"] = "+49 30 1234" });
        await store.RegisterVendorsAsync("RFQ-1", new[] { vendor }, MessageId, CancellationToken.None);

        var claimed = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0), CancellationToken.None)).Single();

        Assert.Equal("Müller Kabel GmbH", claimed.Vendor!.Name);
        Assert.Equal("Berg, Anna", claimed.Vendor.To.Single().Name);
        Assert.Equal("anna@müller-kabel.example", claimed.Vendor.To.Single().Email);
        Assert.Equal("einkauf@müller-kabel.example", claimed.Vendor.Cc.Single().Email);
        Assert.Equal(new[] { "Kabel", "Strom" }, claimed.Vendor.Categories);
        Assert.Equal("DE", claimed.Vendor.Fields["country"]);
        Assert.Equal("id.müller@contoso.example", claimed.Record.MessageId);
    }

    [SkippableFact]
    public async Task A_store_not_created_reads_as_empty_and_refuses_writes()
    {
        using var store = Open(create: false);

        Assert.False(store.Exists);
        Assert.False(string.IsNullOrEmpty(store.Description));
        Assert.Empty(await store.GetCampaignsAsync(null, CancellationToken.None));
        Assert.Null(await store.GetCampaignRfqAsync("RFQ-1", CancellationToken.None));
        Assert.Null(await store.GetCampaignVersionAsync("RFQ-1", CancellationToken.None));
        Assert.Empty(await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None));
        Assert.Empty(await store.GetCategoriesAsync(null, CancellationToken.None));
        Assert.Empty(await store.GetCountsByCategoryAsync("RFQ-1", CancellationToken.None));
        Assert.Empty(await store.GetChangesAsync("RFQ-1", null, CancellationToken.None));
        Assert.Equal(0, (await store.RecoverAbandonedAsync("RFQ-1", T0, _ => true, CancellationToken.None)).Requeued);
        Assert.Equal(0, (await store.RecoverExpiredAsync("RFQ-1", "me", T0, CancellationToken.None)).Requeued);
        Assert.Equal(0, await store.RequeueAsync("RFQ-1", new[] { DeliveryState.Failed }, CancellationToken.None));
        var ex = await Assert.ThrowsAsync<RfqSenderException>(() => store.RegisterCampaignAsync(Rfq(), CancellationToken.None));
        Assert.Contains("does not exist", ex.Message);
        await Assert.ThrowsAsync<RfqSenderException>(() => store.TakeSendSlotAsync(new SendSlotRequest("buy@contoso.example", 1, T0) { MessagesPerMinute = 1 }, CancellationToken.None));

        using var created = Open(create: true);
        Assert.True(created.Exists);
    }

    [SkippableFact]
    public async Task The_campaigns_rfq_is_stored_and_an_unknown_campaign_has_none()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterCampaignAsync(Rfq(title: "Cable, second call"), CancellationToken.None);

        var rfq = await store.GetCampaignRfqAsync("RFQ-1", CancellationToken.None);

        Assert.NotNull(rfq);
        Assert.Equal("Cable, second call", rfq!.Title);
        Assert.Equal("RFQ {{Rfq.Number}}", rfq.SubjectTemplate);
        Assert.Equal("Hello {{Vendor.Name}}", rfq.BodyTextTemplate);
        Assert.Equal("buy@contoso.example", rfq.From.Address);
        Assert.Null(await store.GetCampaignRfqAsync("RFQ-404", CancellationToken.None));
    }

    [SkippableFact]
    public async Task The_campaign_version_counts_the_vendors_that_may_have_received_it()
    {
        using var store = Open(create: true);
        Assert.Null(await store.GetCampaignVersionAsync("RFQ-1", CancellationToken.None));
        await store.RegisterCampaignAsync(Rfq(), "fingerprint-1", 1, CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(4), MessageId, CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 3, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[0].Record.Id, "me", DeliveryState.Sent, "250", T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[1].Record.Id, "me", DeliveryState.InDoubt, "lost", T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[2].Record.Id, "me", DeliveryState.Failed, "550", T0), CancellationToken.None);

        var first = await store.GetCampaignVersionAsync("RFQ-1", CancellationToken.None);
        await store.RegisterCampaignAsync(Rfq(title: "Changed"), "fingerprint-2", 2, CancellationToken.None);
        await store.RegisterCampaignAsync(Rfq(title: "Changed again"), CancellationToken.None);
        var second = await store.GetCampaignVersionAsync("RFQ-1", CancellationToken.None);

        Assert.Equal((1, "fingerprint-1", 2), (first!.Version, first.Fingerprint, first.Received));
        Assert.Equal((2, "fingerprint-2", 2), (second!.Version, second.Fingerprint, second.Received));
        var sent = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).ToDictionary(d => d.VendorKey);
        Assert.Equal(1, sent["v0001"].RfqVersion);
        Assert.Equal(1, sent["v0002"].RfqVersion);
        Assert.Null(sent["v0003"].RfqVersion);
        Assert.Null(sent["v0004"].RfqVersion);
    }

    [SkippableFact]
    public async Task An_open_input_is_noted_on_the_campaign_until_it_is_closed()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterCampaignAsync(Rfq("RFQ-2"), CancellationToken.None);

        await store.SetInputOpenAsync("RFQ-1", "vendors.csv by run 7: 100 registered", CancellationToken.None);
        var open = await store.GetCampaignsAsync("RFQ-1", CancellationToken.None);
        var other = await store.GetCampaignsAsync("RFQ-2", CancellationToken.None);
        await store.SetInputOpenAsync("RFQ-1", null, CancellationToken.None);
        var closed = await store.GetCampaignsAsync("RFQ-1", CancellationToken.None);

        Assert.Equal("vendors.csv by run 7: 100 registered", open.Single().InputIncomplete);
        Assert.Null(other.Single().InputIncomplete);
        Assert.Null(closed.Single().InputIncomplete);
        Assert.Empty(await store.GetCampaignsAsync("RFQ-404", CancellationToken.None));
    }

    [SkippableFact]
    public async Task Categories_of_every_campaign_are_listed_once_sorted()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterCampaignAsync(Rfq("RFQ-2"), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", new[] { TestVendors.Create("a", "A", "a@a.example", categories: new[] { "Tools", "Cable" }) }, MessageId, CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-2", new[] { TestVendors.Create("b", "B", "b@b.example", categories: new[] { "Aluminium", "Cable" }) }, MessageId, CancellationToken.None);

        Assert.Equal(new[] { "Aluminium", "Cable", "Tools" }, await store.GetCategoriesAsync(null, CancellationToken.None));
        Assert.Equal(new[] { "Aluminium", "Cable" }, await store.GetCategoriesAsync("RFQ-2", CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_change_by_hand_is_recorded_and_refused_when_the_delivery_moved_on()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(2), MessageId, CancellationToken.None);
        var before = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);

        var skip = DeliveryTransitionRules.Decide(before[0], DeliveryState.Skipped, "CONTOSO\\anna", "asked by phone", T0)!;
        Assert.True(await store.ChangeStateAsync(skip, CancellationToken.None));
        Assert.False(await store.ChangeStateAsync(skip, CancellationToken.None));
        await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        var late = DeliveryTransitionRules.Decide(before[1], DeliveryState.Skipped, "CONTOSO\\anna", null, T0.AddMinutes(1))!;
        Assert.False(await store.ChangeStateAsync(late, CancellationToken.None));

        var after = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        Assert.Equal(new[] { DeliveryState.Skipped, DeliveryState.Sending }, after.Select(d => d.State));
        Assert.Equal(DeliveryState.Queued, after[0].LastChange!.From);
        Assert.Equal(DeliveryState.Skipped, after[0].LastChange!.To);
        Assert.Equal("CONTOSO\\anna", after[0].LastChange!.ChangedBy);
        Assert.Equal("asked by phone", after[0].LastChange!.Reason);
        Assert.Equal(T0, after[0].LastChange!.ChangedAt);
        Assert.Null(after[1].LastChange);
        var changes = await store.GetChangesAsync("RFQ-1", null, CancellationToken.None);
        Assert.Equal("v0001", changes.Single().VendorKey);
        Assert.Equal("Vendor 1", changes.Single().VendorName);
        Assert.Equal("RFQ-1", changes.Single().RfqNumber);
        Assert.Empty(await store.GetChangesAsync("RFQ-1", new[] { "v0002" }, CancellationToken.None));
        Assert.Single(await store.GetChangesAsync("RFQ-1", new[] { "v0001" }, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Changes_are_listed_oldest_first()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(2), MessageId, CancellationToken.None);
        var deliveries = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        await store.ChangeStateAsync(DeliveryTransitionRules.Decide(deliveries[1], DeliveryState.Skipped, "a", "first", T0)!, CancellationToken.None);
        await store.ChangeStateAsync(DeliveryTransitionRules.Decide(deliveries[0], DeliveryState.Responded, "b", "second", T0.AddMinutes(1))!, CancellationToken.None);
        var skipped = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1") { VendorKeys = new[] { "v0002" } }, CancellationToken.None)).Single();
        await store.ChangeStateAsync(DeliveryTransitionRules.Decide(skipped, DeliveryState.Queued, "c", "third", T0.AddMinutes(2))!, CancellationToken.None);

        var changes = await store.GetChangesAsync("RFQ-1", null, CancellationToken.None);

        Assert.Equal(new[] { "first", "second", "third" }, changes.Select(c => c.Reason));
        Assert.Equal(new[] { "v0002", "v0001", "v0002" }, changes.Select(c => c.VendorKey));
        Assert.Equal("third", (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1") { VendorKeys = new[] { "v0002" } }, CancellationToken.None)).Single().LastChange!.Reason);
    }

    [SkippableFact]
    public async Task A_released_retry_goes_back_deferred_with_the_attempt_taken_back_and_in_flight_ones_are_kept()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(3), MessageId, CancellationToken.None);
        var first = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(first[0].Record.Id, "me", DeliveryState.Deferred, "421 busy", T0) { NextAttemptAt = T0.AddMinutes(1) }, CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 3, TimeSpan.FromMinutes(5), T0.AddMinutes(2)), CancellationToken.None);
        Assert.Equal(new[] { 2, 1, 1 }, claimed.Select(c => c.Record.Attempts));
        await store.MarkInFlightAsync(claimed[2].Record.Id, "me", CancellationToken.None);

        await store.ReleaseAsync("someone-else", claimed.Select(c => c.Record.Id).ToList(), CancellationToken.None);
        Assert.All(await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None), d => Assert.Equal(DeliveryState.Sending, d.State));
        await store.ReleaseAsync("me", claimed.Select(c => c.Record.Id).ToList(), CancellationToken.None);

        var all = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        Assert.Equal(new[] { DeliveryState.Deferred, DeliveryState.Queued, DeliveryState.Sending }, all.Select(d => d.State));
        Assert.Equal(new[] { 1, 0, 1 }, all.Select(d => d.Attempts));
        Assert.Equal("421 busy", all[0].Detail);
        Assert.Null(all[0].LeaseOwner);
        Assert.Null(all[0].LeaseExpiresAt);
        Assert.Equal("me", all[2].LeaseOwner);

        await store.ReleaseAsync("me", new[] { claimed[2].Record.Id }, CancellationToken.None, includeInFlight: true);
        var forced = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None))[2];
        Assert.Equal((DeliveryState.Queued, 0), (forced.State, forced.Attempts));

        var again = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 3, TimeSpan.FromMinutes(5), T0.AddMinutes(3)), CancellationToken.None);
        Assert.Equal(new[] { 2, 1, 1 }, again.Select(c => c.Record.Attempts));
    }

    [SkippableFact]
    public async Task A_recovered_retry_goes_back_deferred_and_in_flight_work_is_in_doubt_with_the_senders_name()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(2), MessageId, CancellationToken.None);
        var first = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(first[0].Record.Id, "me", DeliveryState.Deferred, "421 busy", T0) { NextAttemptAt = T0.AddMinutes(1) }, CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "host/42/abcd", 2, TimeSpan.FromMinutes(5), T0.AddMinutes(2)), CancellationToken.None);
        await store.MarkInFlightAsync(claimed[1].Record.Id, "host/42/abcd", CancellationToken.None);

        var recovered = await store.RecoverAbandonedAsync("RFQ-1", T0.AddMinutes(3), owner => owner == "host/42/abcd", CancellationToken.None);

        Assert.Equal((1, 1), (recovered.InDoubt, recovered.Requeued));
        var all = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        Assert.Equal((DeliveryState.Deferred, 1, "421 busy"), (all[0].State, all[0].Attempts, all[0].Detail));
        Assert.Equal(DeliveryState.InDoubt, all[1].State);
        Assert.Equal(1, all[1].Attempts);
        Assert.Equal(
            "The sender host/42/abcd stopped after handing this message to the transport and before recording the answer: it may have been sent.",
            all[1].Detail);
        Assert.All(all, d => Assert.Null(d.LeaseOwner));
        var second = await store.RecoverAbandonedAsync("RFQ-1", T0.AddMinutes(3), _ => true, CancellationToken.None);
        Assert.Equal((0, 0), (second.InDoubt, second.Requeued));
    }

    [SkippableFact]
    public async Task Recovery_asks_about_each_owner_once_and_only_about_owners_of_claimed_work()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(4), MessageId, CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "other", 3, TimeSpan.FromHours(1), T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[0].Record.Id, "other", DeliveryState.Sent, "250", T0), CancellationToken.None);
        await store.ClaimAsync(new ClaimRequest("RFQ-1", "alive", 1, TimeSpan.FromHours(1), T0), CancellationToken.None);
        var asked = new List<string>();

        var recovered = await store.RecoverAbandonedAsync("RFQ-1", T0, owner => { asked.Add(owner); return false; }, CancellationToken.None);

        Assert.Equal((0, 0), (recovered.InDoubt, recovered.Requeued));
        Assert.Equal(new[] { "alive", "other" }, asked.OrderBy(o => o, StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task In_run_recovery_takes_back_only_other_senders_expired_claims_and_can_be_called_again_and_again()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(6), MessageId, CancellationToken.None);
        var mineExpired = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 2, TimeSpan.FromMinutes(1), T0), CancellationToken.None);
        await store.MarkInFlightAsync(mineExpired[0].Record.Id, "me", CancellationToken.None);
        var mineLive = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromHours(1), T0), CancellationToken.None);
        var crashed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "crashed", 2, TimeSpan.FromMinutes(1), T0), CancellationToken.None);
        await store.MarkInFlightAsync(crashed[0].Record.Id, "crashed", CancellationToken.None);
        await store.ClaimAsync(new ClaimRequest("RFQ-1", "busy", 1, TimeSpan.FromHours(1), T0), CancellationToken.None);

        var early = await store.RecoverExpiredAsync("RFQ-1", "me", T0.AddSeconds(59), CancellationToken.None);
        var recovered = await store.RecoverExpiredAsync("RFQ-1", "me", T0.AddMinutes(5), CancellationToken.None);
        var again = await store.RecoverExpiredAsync("RFQ-1", "me", T0.AddMinutes(5), CancellationToken.None);

        Assert.Equal((0, 0), (early.InDoubt, early.Requeued));
        Assert.Equal((1, 1), (recovered.InDoubt, recovered.Requeued));
        Assert.Equal((0, 0), (again.InDoubt, again.Requeued));
        var all = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        Assert.Equal(
            new[] { DeliveryState.Sending, DeliveryState.Sending, DeliveryState.Sending, DeliveryState.InDoubt, DeliveryState.Queued, DeliveryState.Sending },
            all.Select(d => d.State));
        Assert.Equal(new[] { "me", "me", "me", null, null, "busy" }, all.Select(d => d.LeaseOwner));
        Assert.Equal(
            "The sender crashed stopped after handing this message to the transport and before recording the answer: it may have been sent.",
            all[3].Detail);
        Assert.Equal(0, all[4].Attempts);

        // The caller's claims, expired or not, are still its own: it hands them over, completes and releases them.
        Assert.True(await store.MarkInFlightAsync(mineLive[0].Record.Id, "me", CancellationToken.None));
        Assert.True(await store.CompleteAsync(new DeliveryCompletion(mineExpired[0].Record.Id, "me", DeliveryState.Sent, "250", T0.AddMinutes(6)), CancellationToken.None));
        Assert.True(await store.CompleteAsync(new DeliveryCompletion(mineLive[0].Record.Id, "me", DeliveryState.Sent, "250", T0.AddMinutes(6)), CancellationToken.None));
        await store.ReleaseAsync("me", new[] { mineExpired[1].Record.Id }, CancellationToken.None);
        Assert.Equal(DeliveryState.Queued, (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None))[1].State);
    }

    [SkippableFact]
    public async Task In_run_recovery_leaves_other_campaigns_alone()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterCampaignAsync(Rfq("RFQ-2"), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(1), MessageId, CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-2", TestVendors.Many(1), MessageId, CancellationToken.None);
        await store.ClaimAsync(new ClaimRequest("RFQ-2", "crashed", 1, TimeSpan.FromMinutes(1), T0), CancellationToken.None);

        var recovered = await store.RecoverExpiredAsync("RFQ-1", "me", T0.AddHours(1), CancellationToken.None);

        Assert.Equal((0, 0), (recovered.InDoubt, recovered.Requeued));
        Assert.Equal(DeliveryState.Sending, (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-2"), CancellationToken.None)).Single().State);
    }

    [SkippableFact]
    public async Task A_claim_taken_back_cannot_be_marked_in_flight_or_completed_by_its_old_owner()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(1), MessageId, CancellationToken.None);
        var slow = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "slow", 1, TimeSpan.FromMinutes(1), T0), CancellationToken.None)).Single();

        await store.RecoverExpiredAsync("RFQ-1", "me", T0.AddMinutes(2), CancellationToken.None);
        var mine = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0.AddMinutes(2)), CancellationToken.None)).Single();

        Assert.Equal(slow.Record.Id, mine.Record.Id);
        Assert.Equal(1, mine.Record.Attempts);
        Assert.False(await store.MarkInFlightAsync(slow.Record.Id, "slow", CancellationToken.None));
        Assert.False(await store.CompleteAsync(new DeliveryCompletion(slow.Record.Id, "slow", DeliveryState.Sent, "250", T0.AddMinutes(2)), CancellationToken.None));
        Assert.True(await store.MarkInFlightAsync(mine.Record.Id, "me", CancellationToken.None));
        var record = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).Single();
        Assert.Equal((DeliveryState.Sending, "me"), (record.State, record.LeaseOwner));
    }

    [SkippableFact]
    public async Task Each_completed_attempt_is_logged_in_order_with_the_servers_reply_and_its_sender()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        var vendors = TestVendors.Many(3);
        await store.RegisterVendorsAsync("RFQ-1", vendors, MessageId, CancellationToken.None);
        Assert.Empty(await store.GetDeliveryAttemptsAsync("RFQ-1", null, CancellationToken.None));
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "host/1/a", 2, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        Assert.True(await store.CompleteAsync(new DeliveryCompletion(claimed[0].Record.Id, "host/1/a", DeliveryState.Deferred, "421 4.7.0 try later", T0) { NextAttemptAt = T0.AddMinutes(1) }, CancellationToken.None));
        Assert.True(await store.CompleteAsync(new DeliveryCompletion(claimed[1].Record.Id, "host/1/a", DeliveryState.Failed, "550 5.1.1 no such user", T0.AddSeconds(1)), CancellationToken.None));
        var retry = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "host/2/b", 1, TimeSpan.FromMinutes(5), T0.AddMinutes(2)), CancellationToken.None)).Single();
        Assert.Equal(claimed[0].Record.Id, retry.Record.Id);
        Assert.True(await store.CompleteAsync(new DeliveryCompletion(retry.Record.Id, "host/2/b", DeliveryState.Sent, "250 2.0.0 queued as 4F2A", T0.AddMinutes(2)), CancellationToken.None));

        var all = await store.GetDeliveryAttemptsAsync("RFQ-1", null, CancellationToken.None);
        Assert.Equal(
            new[]
            {
                (vendors[0].Key, 1, DeliveryState.Deferred, "421 4.7.0 try later", T0, "host/1/a"),
                (vendors[1].Key, 1, DeliveryState.Failed, "550 5.1.1 no such user", T0.AddSeconds(1), "host/1/a"),
                (vendors[0].Key, 2, DeliveryState.Sent, "250 2.0.0 queued as 4F2A", T0.AddMinutes(2), "host/2/b"),
            },
            all.Select(a => (a.VendorKey, a.Number, a.State, a.Detail!, a.At, a.Sender!)));
        Assert.Equal(new[] { claimed[0].Record.Id, claimed[1].Record.Id, claimed[0].Record.Id }, all.Select(a => a.DeliveryId));

        // One vendor's (its key in another case), and none of a vendor never attempted or of an unknown campaign.
        var first = await store.GetDeliveryAttemptsAsync("RFQ-1", new[] { vendors[0].Key.ToUpperInvariant() }, CancellationToken.None);
        Assert.Equal(new[] { DeliveryState.Deferred, DeliveryState.Sent }, first.Select(a => a.State));
        Assert.Empty(await store.GetDeliveryAttemptsAsync("RFQ-1", new[] { vendors[2].Key }, CancellationToken.None));
        Assert.Empty(await store.GetDeliveryAttemptsAsync("RFQ-1", Array.Empty<string>(), CancellationToken.None));
        Assert.Empty(await store.GetDeliveryAttemptsAsync("RFQ-9", null, CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_completion_refused_leaves_no_attempt_and_a_taken_over_claim_in_flight_is_logged_in_doubt()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(2), MessageId, CancellationToken.None);
        var dead = await store.ClaimAsync(new ClaimRequest("RFQ-1", "host/9/dead", 2, TimeSpan.FromMinutes(1), T0), CancellationToken.None);
        Assert.True(await store.MarkInFlightAsync(dead[0].Record.Id, "host/9/dead", CancellationToken.None));
        Assert.False(await store.CompleteAsync(new DeliveryCompletion(dead[0].Record.Id, "someone-else", DeliveryState.Sent, "250", T0), CancellationToken.None));
        Assert.Empty(await store.GetDeliveryAttemptsAsync("RFQ-1", null, CancellationToken.None));

        // The one in flight may have gone out: an attempt, InDoubt; the other was never handed over: none.
        var recovered = await store.RecoverExpiredAsync("RFQ-1", "me", T0.AddMinutes(2), CancellationToken.None);
        Assert.Equal((1, 1), (recovered.InDoubt, recovered.Requeued));
        var logged = Assert.Single(await store.GetDeliveryAttemptsAsync("RFQ-1", null, CancellationToken.None));
        Assert.Equal((dead[0].Record.Id, 1, DeliveryState.InDoubt, "host/9/dead"), (logged.DeliveryId, logged.Number, logged.State, logged.Sender));
        Assert.Equal(DeliveryLeaseRules.InDoubtDetail("host/9/dead"), logged.Detail);
        Assert.Equal(T0.AddMinutes(2), logged.At);

        // The stopped sender's late answer, and a release of a claim never handed over, log nothing.
        Assert.False(await store.CompleteAsync(new DeliveryCompletion(dead[0].Record.Id, "host/9/dead", DeliveryState.Sent, "250", T0.AddMinutes(3)), CancellationToken.None));
        var mine = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 2, TimeSpan.FromMinutes(5), T0.AddMinutes(3)), CancellationToken.None)).Single();
        Assert.Equal(dead[1].Record.Id, mine.Record.Id);
        await store.ReleaseAsync("me", new[] { mine.Record.Id }, CancellationToken.None);
        Assert.Single(await store.GetDeliveryAttemptsAsync("RFQ-1", null, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Reminders_are_not_send_attempts_and_are_read_per_vendor()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        var vendors = TestVendors.Many(2);
        await store.RegisterVendorsAsync("RFQ-1", vendors, MessageId, CancellationToken.None);
        var first = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 2, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        foreach (var c in first)
        {
            Assert.True(await store.CompleteAsync(new DeliveryCompletion(c.Record.Id, "me", DeliveryState.Sent, "250 ok", T0), CancellationToken.None));
        }

        var later = T0.AddDays(4);
        Assert.Equal(2, (await store.QueueRemindersAsync("RFQ-1", first.Select(c => new ReminderRequest(c.Record.Id, 1)).ToList(), later, CancellationToken.None)).Count);
        var reminders = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 2, TimeSpan.FromMinutes(1), later), CancellationToken.None);
        Assert.True(await store.CompleteAsync(new DeliveryCompletion(reminders[0].Record.Id, "me", DeliveryState.Sent, "reminder 1: 250 ok", later) { Reminder = 1 }, CancellationToken.None));
        Assert.True(await store.MarkInFlightAsync(reminders[1].Record.Id, "me", CancellationToken.None));
        Assert.Equal(1, (await store.RecoverExpiredAsync("RFQ-1", "other", later.AddMinutes(5), CancellationToken.None)).InDoubt);

        var sends = await store.GetDeliveryAttemptsAsync("RFQ-1", null, CancellationToken.None);
        Assert.Equal(new[] { (vendors[0].Key, 1, DeliveryState.Sent), (vendors[1].Key, 1, DeliveryState.Sent) }, sends.Select(a => (a.VendorKey, a.Number, a.State)));
        var reminded = Assert.Single(await store.GetReminderAttemptsAsync("RFQ-1", null, CancellationToken.None));
        Assert.Equal((vendors[0].Key, 1, "reminder 1: 250 ok"), (reminded.VendorKey, reminded.Number, reminded.Detail));
        Assert.Single(await store.GetReminderAttemptsAsync("RFQ-1", new[] { vendors[0].Key.ToUpperInvariant() }, CancellationToken.None));
        Assert.Empty(await store.GetReminderAttemptsAsync("RFQ-1", new[] { vendors[1].Key }, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Send_slots_hold_a_true_sliding_minute_for_each_identity()
    {
        using var store = Open(create: true);
        SendSlotRequest Request(string identity, DateTimeOffset now) => new(identity, 1, now) { MessagesPerMinute = 3 };

        var taken = new List<SendSlot>();
        for (var i = 0; i < 3; i++)
        {
            taken.Add(await store.TakeSendSlotAsync(Request("Buy@Contoso.example", T0.AddSeconds(i * 10)), CancellationToken.None));
        }

        var full = await store.TakeSendSlotAsync(Request("buy@contoso.example", T0.AddSeconds(30)), CancellationToken.None);
        var other = await store.TakeSendSlotAsync(Request("sales@contoso.example", T0.AddSeconds(30)), CancellationToken.None);

        Assert.All(taken, t => Assert.True(t.Granted));
        Assert.Equal(3, taken.Select(t => t.Id).Distinct().Count());
        Assert.False(full.Granted);
        Assert.Equal((T0.AddMinutes(1), SendLimit.MessagesPerMinute), (full.RetryAt!.Value, full.Limit!.Value));
        Assert.True(other.Granted);

        // A slot counts from when its message was accepted: completing the first at 0:50 holds the
        // window until 1:50, so the next room is the second slot's (0:10 + 1 min).
        await store.CompleteSendSlotAsync(taken[0].Id, T0.AddSeconds(50), CancellationToken.None);
        var later = await store.TakeSendSlotAsync(Request("buy@contoso.example", T0.AddSeconds(60)), CancellationToken.None);
        Assert.Equal(T0.AddSeconds(70), later.RetryAt);
        Assert.True((await store.TakeSendSlotAsync(Request("buy@contoso.example", T0.AddSeconds(70)), CancellationToken.None)).Granted);
        Assert.Equal(T0.AddSeconds(80), (await store.TakeSendSlotAsync(Request("buy@contoso.example", T0.AddSeconds(71)), CancellationToken.None)).RetryAt);
    }

    [SkippableFact]
    public async Task Send_slots_count_recipients_over_a_day_and_forget_older_ones()
    {
        using var store = Open(create: true);
        SendSlotRequest Request(int recipients, DateTimeOffset now) => new("buy@contoso.example", recipients, now) { RecipientsPerDay = 10, MessagesPerMinute = 100 };

        Assert.True((await store.TakeSendSlotAsync(Request(4, T0), CancellationToken.None)).Granted);
        Assert.True((await store.TakeSendSlotAsync(Request(5, T0.AddHours(1)), CancellationToken.None)).Granted);
        var full = await store.TakeSendSlotAsync(Request(2, T0.AddHours(2)), CancellationToken.None);
        var fits = await store.TakeSendSlotAsync(Request(1, T0.AddHours(2)), CancellationToken.None);
        // A message with more recipients than the limit counts as the limit, so it can go at all, alone.
        var huge = await store.TakeSendSlotAsync(Request(50, T0.AddHours(30)), CancellationToken.None);

        Assert.Equal((T0.AddDays(1), SendLimit.RecipientsPerDay), (full.RetryAt!.Value, full.Limit!.Value));
        Assert.True(fits.Granted);
        Assert.True(huge.Granted);
        Assert.False((await store.TakeSendSlotAsync(Request(1, T0.AddHours(30)), CancellationToken.None)).Granted);
    }

    [SkippableFact]
    public async Task Send_slots_taken_at_once_by_several_senders_never_exceed_the_limit()
    {
        using var first = Open(create: true);
        using var second = Open(create: true);
        var now = T0;
        var tasks = Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? first : second)
            .TakeSendSlotAsync(new SendSlotRequest("buy@contoso.example", 1, now) { MessagesPerMinute = 7 }, CancellationToken.None)).ToList();

        var slots = await Task.WhenAll(tasks);

        Assert.Equal(7, slots.Count(s => s.Granted));
        Assert.All(slots.Where(s => !s.Granted), s => Assert.Equal(now.AddMinutes(1), s.RetryAt));
    }

    [SkippableFact]
    public async Task A_sender_renews_only_its_own_claims_and_never_shortens_them()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(3), MessageId, CancellationToken.None);
        await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 2, TimeSpan.FromMinutes(1), T0), CancellationToken.None);
        await store.ClaimAsync(new ClaimRequest("RFQ-1", "other", 1, TimeSpan.FromMinutes(1), T0), CancellationToken.None);

        Assert.Equal(2, await store.RenewLeasesAsync("RFQ-1", "me", T0.AddMinutes(5), CancellationToken.None));
        Assert.Equal(2, await store.RenewLeasesAsync("RFQ-1", "me", T0.AddMinutes(3), CancellationToken.None));
        var recovered = await store.RecoverExpiredAsync("RFQ-1", "third", T0.AddMinutes(2), CancellationToken.None);

        var all = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        Assert.Equal(new DateTimeOffset?[] { T0.AddMinutes(5), T0.AddMinutes(5), null }, all.Select(d => d.LeaseExpiresAt));
        Assert.Equal((0, 1), (recovered.InDoubt, recovered.Requeued));
        Assert.Equal(new[] { DeliveryState.Sending, DeliveryState.Sending, DeliveryState.Queued }, all.Select(d => d.State));
    }

    protected static readonly byte[] SecretA = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    protected static readonly byte[] SecretB = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();

    /// <summary>A campaign of <paramref name="count"/> vendors, all sent at T0.</summary>
    protected static async Task<IReadOnlyList<DeliveryRecord>> SentCampaignAsync(IDeliveryStore store, int count, string number = "RFQ-1")
    {
        await store.RegisterCampaignAsync(Rfq(number), CancellationToken.None);
        await store.RegisterVendorsAsync(number, TestVendors.Many(count), MessageId, CancellationToken.None);
        foreach (var c in await store.ClaimAsync(new ClaimRequest(number, "me", count, TimeSpan.FromMinutes(5), T0), CancellationToken.None))
        {
            await store.CompleteAsync(new DeliveryCompletion(c.Record.Id, "me", DeliveryState.Sent, "250 ok", T0), CancellationToken.None);
        }

        return await store.GetDeliveriesAsync(new DeliveryQuery(number), CancellationToken.None);
    }

    protected static InboundRecord Inbound(string sourceId, string? messageId, long? deliveryId = null, ReplyKind kind = ReplyKind.Reply, string source = "folder:/replies") => new()
    {
        Source = source,
        SourceId = sourceId,
        MessageId = messageId,
        ReceivedAt = T0.AddHours(1),
        RecordedAt = T0.AddHours(2),
        From = "sales1@vendor1.example",
        FromName = "Sales One",
        Subject = "RE: RFQ RFQ-1",
        Kind = kind,
        MatchMethod = deliveryId is null ? ReplyMatchMethod.None : ReplyMatchMethod.MessageId,
        MatchEvidence = deliveryId is null ? null : "id.v0001@contoso.example",
        MatchReason = deliveryId is null ? "no delivery matches" : "In-Reply-To names the delivery",
        DeliveryId = deliveryId,
        NewText = "Our price: EUR 12.50",
    };

    protected static DeliveryStateChange ChangeOf(DeliveryRecord delivery, DeliveryState to, string? detail = null) => new()
    {
        DeliveryId = delivery.Id,
        RfqNumber = delivery.RfqNumber,
        VendorKey = delivery.VendorKey,
        From = delivery.State,
        To = to,
        Detail = detail,
        ChangedBy = "reader",
        Reason = "read from folder:/replies",
        At = T0.AddHours(2),
    };

    [SkippableFact]
    public async Task The_reference_secret_is_made_once_and_kept()
    {
        using (var store = Open(create: true))
        {
            Assert.Equal(SecretA, await store.GetReferenceSecretAsync(SecretA, CancellationToken.None));
            Assert.Equal(SecretA, await store.GetReferenceSecretAsync(SecretB, CancellationToken.None));
        }

        using (var store = Open(create: true))
        {
            Assert.Equal(SecretA, await store.GetReferenceSecretAsync(SecretB, CancellationToken.None));
            await Assert.ThrowsAsync<ArgumentException>(() => store.GetReferenceSecretAsync(new byte[4], CancellationToken.None));
        }
    }

    [SkippableFact]
    public async Task The_reference_secret_proposed_by_several_at_once_is_one()
    {
        using var first = Open(create: true);
        using var second = Open(create: true);
        var secrets = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? first : second).GetReferenceSecretAsync(i % 2 == 0 ? SecretA : SecretB, CancellationToken.None)));
        Assert.Single(secrets.Select(Convert.ToBase64String).Distinct());
    }

    [SkippableFact]
    public async Task An_inbound_message_is_recorded_with_everything_it_holds_and_read_back()
    {
        using var store = Open(create: true);
        var delivery = (await SentCampaignAsync(store, 1)).Single();
        var message = Inbound("01.eml", "reply-1@vendor1.example", delivery.Id);
        message.Attachments = new[]
        {
            new InboundAttachmentRecord { FileName = "Quote.pdf", ContentType = "application/pdf", Size = 418, Sha256 = new string('a', 64), SavedPath = "/quotes/RFQ-1/v0001/Quote.pdf" },
            new InboundAttachmentRecord { FileName = "Sheet.xlsx", ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Size = 1619, Sha256 = new string('b', 64) },
        };
        message.EmlPath = "/quotes/RFQ-1/v0001/message.eml";

        var result = await store.RecordInboundAsync(message, ChangeOf(delivery, DeliveryState.Responded), CancellationToken.None);

        Assert.True(result.Recorded);
        Assert.True(result.DeliveryChanged);
        var read = (await store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).Single();
        Assert.Equal(result.Id, read.Id);
        Assert.Equal(("folder:/replies", "01.eml", "reply-1@vendor1.example"), (read.Source, read.SourceId, read.MessageId));
        Assert.Equal((T0.AddHours(1), T0.AddHours(2)), (read.ReceivedAt, read.RecordedAt));
        Assert.Equal(("sales1@vendor1.example", "Sales One", "RE: RFQ RFQ-1"), (read.From, read.FromName, read.Subject));
        Assert.Equal((ReplyKind.Reply, ReplyMatchMethod.MessageId, "id.v0001@contoso.example"), (read.Kind, read.MatchMethod, read.MatchEvidence));
        Assert.Equal((delivery.Id, "RFQ-1", "v0001", "Vendor 1"), (read.DeliveryId, read.RfqNumber, read.VendorKey, read.VendorName));
        Assert.Equal((DeliveryState.Sent, DeliveryState.Responded), (read.ChangedFrom, read.ChangedTo));
        Assert.Equal("Our price: EUR 12.50", read.NewText);
        Assert.Equal("/quotes/RFQ-1/v0001/message.eml", read.EmlPath);
        Assert.Equal(new[] { "Quote.pdf", "Sheet.xlsx" }, read.Attachments.Select(a => a.FileName));
        Assert.Equal(new long[] { 418, 1619 }, read.Attachments.Select(a => a.Size));
        Assert.Equal(new string('a', 64), read.Attachments[0].Sha256);
        Assert.Equal("/quotes/RFQ-1/v0001/Quote.pdf", read.Attachments[0].SavedPath);
        Assert.Null(read.Attachments[1].SavedPath);
        Assert.Equal("application/pdf", read.Attachments[0].ContentType);

        var now = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).Single();
        Assert.Equal(DeliveryState.Responded, now.State);
        var change = (await store.GetChangesAsync("RFQ-1", null, CancellationToken.None)).Single();
        Assert.Equal((DeliveryState.Sent, DeliveryState.Responded, "reader", "read from folder:/replies"), (change.From, change.To, change.ChangedBy, change.Reason));
    }

    [SkippableFact]
    public async Task Quote_sheets_are_recorded_with_their_reply_and_read_back_with_their_lines_or_problems()
    {
        using var store = Open(create: true);
        var deliveries = await SentCampaignAsync(store, 2);
        var accepted = new VendorQuote
        {
            FileName = "RFQ-1 quote.xlsx",
            Sha256 = new string('c', 64),
            SavedPath = "/quotes/RFQ-1/v0001/RFQ-1 quote.xlsx",
            ReceivedAt = T0.AddHours(1),
            Status = QuoteStatus.Accepted,
            Lines = new[]
            {
                new QuoteLine(1, "CU-3x2.5", 850.5m, "m", 12.3456m, "EUR", 14, new DateTime(2027, 3, 31), "ex works"),
                new QuoteLine(2, "Ü-Teil", 3m, string.Empty, null, null, null, null, null),
            },
        };
        var review = new VendorQuote
        {
            FileName = "sheet.csv",
            Sha256 = new string('d', 64),
            ReceivedAt = T0.AddHours(3),
            Status = QuoteStatus.NeedsReview,
            Problems = new[] { "Quote!F9: expected a unit price; found the text 'call us'", "Quote!B6: expected the reference of vendor 'v0002'; found \"v0001\"" },
        };
        var first = Inbound("01.eml", "reply-1@vendor1.example", deliveries[0].Id);
        first.Quotes = new[] { accepted };
        var second = Inbound("02.eml", "reply-2@vendor2.example", deliveries[1].Id);
        second.Quotes = new[] { review };
        var unmatched = Inbound("03.eml", "reply-3@nowhere.example");
        unmatched.Quotes = new[] { new VendorQuote { FileName = "x.csv", Sha256 = new string('e', 64), ReceivedAt = T0 } };

        await store.RecordInboundAsync(first, null, CancellationToken.None);
        await store.RecordInboundAsync(second, null, CancellationToken.None);
        await store.RecordInboundAsync(unmatched, null, CancellationToken.None);
        var again = Inbound("01.eml", "reply-1@vendor1.example", deliveries[0].Id);
        again.Quotes = new[] { accepted };
        Assert.False((await store.RecordInboundAsync(again, null, CancellationToken.None)).Recorded);

        var all = await store.GetQuotesAsync(new QuoteQuery("RFQ-1"), CancellationToken.None);
        Assert.Equal(new[] { "v0001", "v0002" }, all.Select(q => q.VendorKey));
        var read = all[0];
        Assert.Equal((deliveries[0].Id, "Vendor 1", "RFQ-1 quote.xlsx", new string('c', 64)), (read.DeliveryId, read.VendorName, read.FileName, read.Sha256));
        Assert.Equal(("/quotes/RFQ-1/v0001/RFQ-1 quote.xlsx", T0.AddHours(1), QuoteStatus.Accepted), (read.SavedPath, read.ReceivedAt, read.Status));
        Assert.NotNull(read.InboundId);
        Assert.Equal(2, read.Lines.Count);
        var line = read.Lines[0];
        Assert.Equal((1, "CU-3x2.5", 850.5m, "m", 12.3456m, "EUR", 14, new DateTime(2027, 3, 31), "ex works"), (line.Line, line.Part, line.Quantity, line.Unit, line.UnitPrice, line.Currency, line.LeadTimeDays, line.ValidUntil, line.Remarks));
        Assert.Equal(("Ü-Teil", (decimal?)null, (string?)null, (DateTime?)null), (read.Lines[1].Part, read.Lines[1].UnitPrice, read.Lines[1].Currency, read.Lines[1].ValidUntil));
        Assert.Empty(read.Problems);
        Assert.Equal(review.Problems, all[1].Problems);
        Assert.Empty(all[1].Lines);
        Assert.Equal(new[] { "v0002" }, (await store.GetQuotesAsync(new QuoteQuery("RFQ-1") { Status = QuoteStatus.NeedsReview }, CancellationToken.None)).Select(q => q.VendorKey));
        Assert.Equal(new[] { "v0001" }, (await store.GetQuotesAsync(new QuoteQuery("RFQ-1") { VendorKeys = new[] { "V0001" } }, CancellationToken.None)).Select(q => q.VendorKey));
        Assert.Empty(await store.GetQuotesAsync(new QuoteQuery("RFQ-OTHER"), CancellationToken.None));
    }

    [SkippableFact]
    public async Task An_inbound_message_is_recorded_once_by_source_id_and_by_message_id_and_a_second_read_changes_nothing()
    {
        using var store = Open(create: true);
        var deliveries = await SentCampaignAsync(store, 2);
        var first = await store.RecordInboundAsync(Inbound("01.eml", "reply-1@vendor1.example", deliveries[0].Id), ChangeOf(deliveries[0], DeliveryState.Responded), CancellationToken.None);

        var sameFile = await store.RecordInboundAsync(Inbound("01.eml", "other@vendor1.example", deliveries[1].Id), ChangeOf(deliveries[1], DeliveryState.Responded), CancellationToken.None);
        var sameMessageElsewhere = await store.RecordInboundAsync(
            Inbound("1234:7", "reply-1@vendor1.example", deliveries[1].Id, source: "imap://buyer@mail.example/INBOX"),
            ChangeOf(deliveries[1], DeliveryState.Responded),
            CancellationToken.None);

        Assert.True(first.Recorded);
        Assert.Equal((first.Id, false, false), (sameFile.Id, sameFile.Recorded, sameFile.DeliveryChanged));
        Assert.Equal((first.Id, false, false), (sameMessageElsewhere.Id, sameMessageElsewhere.Recorded, sameMessageElsewhere.DeliveryChanged));
        Assert.Single(await store.GetInboundAsync(new InboundQuery(), CancellationToken.None));
        var states = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).Select(d => d.State);
        Assert.Equal(new[] { DeliveryState.Responded, DeliveryState.Sent }, states);
        Assert.Single(await store.GetChangesAsync("RFQ-1", null, CancellationToken.None));
    }

    [SkippableFact]
    public async Task Two_readers_recording_the_same_messages_at_once_record_each_once_and_change_each_delivery_once()
    {
        using var first = Open(create: true);
        var deliveries = await SentCampaignAsync(first, 10);
        using var second = Open(create: true);
        var work = deliveries.SelectMany(d => new[] { first, second }.Select(store => (store, d))).Select(pair => Task.Run(() =>
            pair.store.RecordInboundAsync(Inbound($"{pair.d.VendorKey}.eml", $"reply-{pair.d.VendorKey}@vendor.example", pair.d.Id), ChangeOf(pair.d, DeliveryState.Responded), CancellationToken.None)));

        var results = await Task.WhenAll(work);

        Assert.Equal(10, results.Count(r => r.Recorded));
        Assert.Equal(10, results.Count(r => r.DeliveryChanged));
        Assert.Equal(10, results.Select(r => r.Id).Distinct().Count());
        Assert.Equal(10, (await first.GetInboundAsync(new InboundQuery(), CancellationToken.None)).Count);
        Assert.Equal(10, (await first.GetChangesAsync("RFQ-1", null, CancellationToken.None)).Count);
        Assert.All(await first.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None), d => Assert.Equal(DeliveryState.Responded, d.State));
    }

    [SkippableFact]
    public async Task Messages_without_a_message_id_are_told_apart_by_their_source_id()
    {
        using var store = Open(create: true);
        Assert.True((await store.RecordInboundAsync(Inbound("a.eml", null), null, CancellationToken.None)).Recorded);
        Assert.True((await store.RecordInboundAsync(Inbound("b.eml", null), null, CancellationToken.None)).Recorded);
        Assert.True((await store.RecordInboundAsync(Inbound("a.eml", null, source: "folder:/other"), null, CancellationToken.None)).Recorded);
        Assert.False((await store.RecordInboundAsync(Inbound("a.eml", null), null, CancellationToken.None)).Recorded);

        Assert.Equal(3, (await store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).Count);
        var recorded = await store.GetRecordedSourceIdsAsync("folder:/replies", new[] { "a.eml", "b.eml", "c.eml" }, CancellationToken.None);
        Assert.Equal(new[] { "a.eml", "b.eml" }, recorded.OrderBy(s => s, StringComparer.Ordinal));
        Assert.Empty(await store.GetRecordedSourceIdsAsync("folder:/replies", Array.Empty<string>(), CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_bounce_fails_its_delivery_with_the_status_and_the_servers_words()
    {
        using var store = Open(create: true);
        var delivery = (await SentCampaignAsync(store, 1)).Single();
        var bounce = Inbound("dsn.eml", "dsn-1@mx.example", delivery.Id, ReplyKind.Bounce);
        bounce.BounceSeverity = BounceSeverity.Permanent;
        bounce.BounceStatus = "5.1.1";
        bounce.BounceRecipient = "sales1@vendor1.example";
        bounce.BounceDiagnostic = "smtp; 550 5.1.1 User unknown";

        var result = await store.RecordInboundAsync(bounce, ChangeOf(delivery, DeliveryState.Failed, "Bounced 5.1.1 sales1@vendor1.example: smtp; 550 5.1.1 User unknown"), CancellationToken.None);

        Assert.True(result.DeliveryChanged);
        var now = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).Single();
        Assert.Equal(DeliveryState.Failed, now.State);
        Assert.Equal("Bounced 5.1.1 sales1@vendor1.example: smtp; 550 5.1.1 User unknown", now.Detail);
        Assert.Equal(T0, now.SentAt);
        var read = (await store.GetInboundAsync(new InboundQuery { Kinds = new[] { ReplyKind.Bounce } }, CancellationToken.None)).Single();
        Assert.Equal((BounceSeverity.Permanent, "5.1.1", "sales1@vendor1.example", "smtp; 550 5.1.1 User unknown"), (read.BounceSeverity, read.BounceStatus, read.BounceRecipient, read.BounceDiagnostic));
        Assert.Equal("Bounce (Permanent 5.1.1)", read.Classification);
    }

    [SkippableFact]
    public async Task A_change_for_a_delivery_that_moved_on_is_not_made_but_the_message_is_recorded()
    {
        using var store = Open(create: true);
        var delivery = (await SentCampaignAsync(store, 1)).Single();
        var stale = ChangeOf(delivery, DeliveryState.Responded);
        stale.From = DeliveryState.InDoubt;

        var result = await store.RecordInboundAsync(Inbound("01.eml", "reply-1@vendor1.example", delivery.Id), stale, CancellationToken.None);

        Assert.True(result.Recorded);
        Assert.False(result.DeliveryChanged);
        var read = (await store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).Single();
        Assert.Null(read.ChangedFrom);
        Assert.Null(read.ChangedTo);
        Assert.Equal(DeliveryState.Sent, (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).Single().State);
        Assert.Empty(await store.GetChangesAsync("RFQ-1", null, CancellationToken.None));
    }

    [SkippableFact]
    public async Task An_out_of_office_reply_keeps_its_date_and_changes_nothing()
    {
        using var store = Open(create: true);
        var delivery = (await SentCampaignAsync(store, 1)).Single();
        var away = Inbound("ooo.eml", "ooo-1@vendor1.example", delivery.Id, ReplyKind.AutoReply);
        away.IsOutOfOffice = true;
        away.AwayUntil = new DateTime(2026, 12, 14);
        away.NewText = null;

        await store.RecordInboundAsync(away, null, CancellationToken.None);

        var read = (await store.GetInboundAsync(new InboundQuery { RfqNumber = "RFQ-1" }, CancellationToken.None)).Single();
        Assert.True(read.IsOutOfOffice);
        Assert.Equal(new DateTime(2026, 12, 14), read.AwayUntil);
        Assert.Null(read.NewText);
        Assert.Equal("Out of office until 2026-12-14", read.Classification);
        Assert.Equal(DeliveryState.Sent, (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).Single().State);
    }

    [SkippableFact]
    public async Task Inbound_messages_are_listed_by_campaign_vendor_kind_and_match_in_order_and_in_pages()
    {
        using var store = Open(create: true);
        var one = await SentCampaignAsync(store, 2, "RFQ-1");
        var two = await SentCampaignAsync(store, 1, "RFQ-2");
        await store.RecordInboundAsync(Inbound("1.eml", "m1@x", one[0].Id), null, CancellationToken.None);
        await store.RecordInboundAsync(Inbound("2.eml", "m2@x", one[1].Id, ReplyKind.AutoReply), null, CancellationToken.None);
        await store.RecordInboundAsync(Inbound("3.eml", "m3@x", two[0].Id), null, CancellationToken.None);
        await store.RecordInboundAsync(Inbound("4.eml", "m4@x"), null, CancellationToken.None);

        async Task<string[]> Ids(InboundQuery q) => (await store.GetInboundAsync(q, CancellationToken.None)).Select(r => r.SourceId).ToArray();
        Assert.Equal(new[] { "1.eml", "2.eml", "3.eml", "4.eml" }, await Ids(new InboundQuery()));
        Assert.Equal(new[] { "1.eml", "2.eml" }, await Ids(new InboundQuery { RfqNumber = "RFQ-1" }));
        Assert.Equal(new[] { "2.eml" }, await Ids(new InboundQuery { RfqNumber = "RFQ-1", VendorKeys = new[] { "V0002" } }));
        Assert.Equal(new[] { "1.eml", "3.eml", "4.eml" }, await Ids(new InboundQuery { Kinds = new[] { ReplyKind.Reply } }));
        Assert.Equal(new[] { "4.eml" }, await Ids(new InboundQuery { Matched = false }));
        Assert.Equal(new[] { "1.eml", "2.eml", "3.eml" }, await Ids(new InboundQuery { Matched = true }));
        var all = await store.GetInboundAsync(new InboundQuery(), CancellationToken.None);
        Assert.Equal(new[] { "2.eml", "3.eml" }, await Ids(new InboundQuery { AfterId = all[0].Id, Max = 2 }));
        Assert.Equal(new[] { "3.eml" }, await Ids(new InboundQuery { Id = all[2].Id }));
        Assert.Equal(new[] { "3.eml" }, await Ids(new InboundQuery { MessageId = "m3@x" }));
        Assert.Empty(await Ids(new InboundQuery { MessageId = "M3@X" }));
        Assert.Null(all[3].RfqNumber);
        Assert.True(all[3].IsUnmatched);
    }

    [SkippableFact]
    public async Task An_unmatched_message_is_assigned_by_hand_once_with_its_change()
    {
        using var store = Open(create: true);
        var delivery = (await SentCampaignAsync(store, 1)).Single();
        var recorded = await store.RecordInboundAsync(Inbound("private.eml", "p1@gmail.example"), null, CancellationToken.None);
        var change = ChangeOf(delivery, DeliveryState.Responded);
        change.ChangedBy = "alice";
        var assignment = new InboundAssignment { InboundId = recorded.Id, DeliveryId = delivery.Id, AssignedBy = "alice", Reason = "the owner's private address", At = T0.AddHours(3), Change = change };

        Assert.True(await store.AssignInboundAsync(assignment, CancellationToken.None));
        Assert.False(await store.AssignInboundAsync(assignment, CancellationToken.None));
        Assert.False(await store.AssignInboundAsync(new InboundAssignment { InboundId = 999_999, DeliveryId = delivery.Id, AssignedBy = "alice", At = T0 }, CancellationToken.None));

        var read = (await store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).Single();
        Assert.Equal((delivery.Id, "v0001", ReplyMatchMethod.Assigned), (read.DeliveryId, read.VendorKey, read.MatchMethod));
        Assert.Equal(("alice", T0.AddHours(3), "the owner's private address"), (read.AssignedBy, read.AssignedAt, read.MatchReason));
        Assert.Equal((DeliveryState.Sent, DeliveryState.Responded), (read.ChangedFrom, read.ChangedTo));
        Assert.Equal(DeliveryState.Responded, (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).Single().State);
        Assert.Equal("alice", (await store.GetChangesAsync("RFQ-1", null, CancellationToken.None)).Single().ChangedBy);
    }

    [SkippableFact]
    public async Task A_message_cannot_be_assigned_to_an_unknown_delivery()
    {
        using var store = Open(create: true);
        await SentCampaignAsync(store, 1);
        var recorded = await store.RecordInboundAsync(Inbound("private.eml", "p1@gmail.example"), null, CancellationToken.None);

        Assert.False(await store.AssignInboundAsync(new InboundAssignment { InboundId = recorded.Id, DeliveryId = 999_999, AssignedBy = "alice", At = T0 }, CancellationToken.None));
        Assert.True((await store.GetInboundAsync(new InboundQuery(), CancellationToken.None)).Single().IsUnmatched);
    }

    [SkippableFact]
    public async Task How_far_a_source_was_read_is_remembered_per_folder_and_replaced()
    {
        using (var store = Open(create: true))
        {
            Assert.Null(await store.GetSourceStateAsync("imap://buyer@mail.example", "INBOX", CancellationToken.None));
            await store.SaveSourceStateAsync(new SourceReadState { Source = "imap://buyer@mail.example", Folder = "INBOX", UidValidity = 4_000_000_000, LastUid = 17, UpdatedAt = T0 }, CancellationToken.None);
            await store.SaveSourceStateAsync(new SourceReadState { Source = "imap://buyer@mail.example", Folder = "Quotes", UidValidity = 5, LastUid = 3, UpdatedAt = T0 }, CancellationToken.None);
            await store.SaveSourceStateAsync(new SourceReadState { Source = "imap://buyer@mail.example", Folder = "INBOX", UidValidity = 4_000_000_000, LastUid = 42, UpdatedAt = T0.AddMinutes(1) }, CancellationToken.None);
            await store.SaveSourceStateAsync(new SourceReadState { Source = "graph:purchasing@contoso.example", Folder = "inbox", DeltaLink = "https://graph.example/delta?token=abc", UpdatedAt = T0 }, CancellationToken.None);
        }

        using (var store = Open(create: true))
        {
            var inbox = await store.GetSourceStateAsync("imap://buyer@mail.example", "INBOX", CancellationToken.None);
            Assert.Equal((4_000_000_000L, 42L, T0.AddMinutes(1)), (inbox!.UidValidity!.Value, inbox.LastUid!.Value, inbox.UpdatedAt));
            Assert.Equal(3, (await store.GetSourceStateAsync("imap://buyer@mail.example", "Quotes", CancellationToken.None))!.LastUid);
            var graph = await store.GetSourceStateAsync("graph:purchasing@contoso.example", "inbox", CancellationToken.None);
            Assert.Equal(("https://graph.example/delta?token=abc", (long?)null), (graph!.DeltaLink, graph.UidValidity));
        }
    }

    [SkippableFact]
    public async Task A_store_not_created_reads_no_inbound_messages_and_refuses_to_record_them()
    {
        using var store = Open(create: false);
        Assert.Empty(await store.GetInboundAsync(new InboundQuery(), CancellationToken.None));
        Assert.Null(await store.GetSourceStateAsync("folder:/replies", string.Empty, CancellationToken.None));
        Assert.Empty(await store.GetRecordedSourceIdsAsync("folder:/replies", new[] { "a.eml" }, CancellationToken.None));
        await Assert.ThrowsAsync<RfqSenderException>(() => store.RecordInboundAsync(Inbound("a.eml", null), null, CancellationToken.None));
        await Assert.ThrowsAsync<RfqSenderException>(() => store.GetReferenceSecretAsync(SecretA, CancellationToken.None));
    }

    private static async Task<IDeliveryStore> PageCampaignAsync(IDeliveryStore store)
    {
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync(
            "RFQ-1",
            new[]
            {
                TestVendors.Create("acme", "Acme Cables", "sales@acme.example", categories: new[] { "Cable" }),
                TestVendors.Create("b-100", "100% Copper Ltd", "info@copper.example", cc: "boss@copper.example", categories: new[] { "Cable", "Copper" }),
                TestVendors.Create("b-101", "100 Copper GmbH", "info@kupfer.example", categories: new[] { "copper" }),
                TestVendors.Create("a_b", "Under_score Inc", "x@under.example", categories: new[] { "Fasteners" }),
                TestVendors.Create("axb", "Underxscore Inc", "y@under.example", categories: new[] { "Fasteners" }),
                TestVendors.Create("slash", @"Back\Slash AG", "z@slash.example"),
                TestVendors.Create("zed", "Zed Fasteners", "orders@zed.example", cc: "QA@Acme.example", categories: new[] { "Fasteners" }),
            },
            MessageId,
            CancellationToken.None);
        return store;
    }

    private static async Task<List<string>> PageKeysAsync(IDeliveryStore store, Action<DeliveryPageQuery> set)
    {
        var query = new DeliveryPageQuery("RFQ-1");
        set(query);
        var page = await store.GetDeliveryPageAsync(query, CancellationToken.None);
        Assert.Equal(page.Records.Count, page.Total);
        return page.Records.Select(r => r.VendorKey).ToList();
    }

    [SkippableFact]
    public async Task A_page_filters_by_state_and_by_one_category_ignoring_case()
    {
        using var store = await PageCampaignAsync(Open(create: true));
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 2, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        Assert.True(await store.CompleteAsync(new DeliveryCompletion(claimed[0].Record.Id, "me", DeliveryState.Sent, "ok", T0), CancellationToken.None));
        Assert.True(await store.CompleteAsync(new DeliveryCompletion(claimed[1].Record.Id, "me", DeliveryState.Failed, "550 no", T0), CancellationToken.None));

        Assert.Equal(new[] { "acme" }, await PageKeysAsync(store, q => q.States = new[] { DeliveryState.Sent }));
        Assert.Equal(new[] { "acme", "b-100" }, await PageKeysAsync(store, q => q.States = new[] { DeliveryState.Sent, DeliveryState.Failed }));
        Assert.Equal(5, (await PageKeysAsync(store, q => q.States = new[] { DeliveryState.Queued })).Count);
        Assert.Equal(new[] { "b-100", "b-101" }, await PageKeysAsync(store, q => q.Category = "COPPER"));
        Assert.Equal(new[] { "b-101" }, await PageKeysAsync(store, q => { q.Category = "copper"; q.States = new[] { DeliveryState.Queued }; }));
        Assert.Empty(await PageKeysAsync(store, q => q.Category = "Copp"));
        Assert.Equal(7, (await PageKeysAsync(store, q => q.Category = " ")).Count);
    }

    [SkippableFact]
    public async Task A_page_searches_vendor_names_keys_and_every_address_ignoring_case()
    {
        using var store = await PageCampaignAsync(Open(create: true));
        Assert.Equal(new[] { "b-100", "b-101" }, await PageKeysAsync(store, q => q.Search = "copper"));
        Assert.Equal(new[] { "acme", "zed" }, await PageKeysAsync(store, q => q.Search = "ACME"));
        Assert.Equal(new[] { "b-100" }, await PageKeysAsync(store, q => q.Search = "boss@"));
        Assert.Equal(new[] { "zed" }, await PageKeysAsync(store, q => q.Search = "orders@zed"));
        Assert.Equal(new[] { "slash" }, await PageKeysAsync(store, q => q.Search = "SLASH"));
        Assert.Equal(new[] { "b-101" }, await PageKeysAsync(store, q => q.Search = "kupfer"));
        Assert.Empty(await PageKeysAsync(store, q => q.Search = "nobody"));
    }

    [SkippableFact]
    public async Task A_page_ignores_the_case_of_letters_beyond_ascii_in_a_search_and_a_category()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync(
            "RFQ-1",
            new[]
            {
                TestVendors.Create("mueller", "MÜLLER Kabelwerk", "info@mueller.example", categories: new[] { "Éclairage" }),
                TestVendors.Create("other", "Muller Ltd", "sales@muller.example", categories: new[] { "Cable" }),
            },
            MessageId,
            CancellationToken.None);

        Assert.Equal(new[] { "mueller" }, await PageKeysAsync(store, q => q.Search = "müller"));
        Assert.Equal(new[] { "mueller" }, await PageKeysAsync(store, q => q.Search = "Kabelwerk"));
        Assert.Equal(new[] { "other" }, await PageKeysAsync(store, q => q.Search = "MULLER"));
        Assert.Equal(new[] { "mueller" }, await PageKeysAsync(store, q => q.Category = "ÉCLAIRAGE"));
        Assert.Equal(new[] { "mueller" }, await PageKeysAsync(store, q => q.Category = "éclairage"));
    }

    [SkippableFact]
    public async Task A_page_search_takes_like_wildcards_and_the_escape_character_literally()
    {
        using var store = await PageCampaignAsync(Open(create: true));
        Assert.Equal(new[] { "b-100" }, await PageKeysAsync(store, q => q.Search = "100%"));
        Assert.Equal(new[] { "b-100" }, await PageKeysAsync(store, q => q.Search = "0% C"));
        Assert.Equal(new[] { "a_b" }, await PageKeysAsync(store, q => q.Search = "a_b"));
        Assert.Equal(new[] { "a_b" }, await PageKeysAsync(store, q => q.Search = "under_"));
        Assert.Equal(new[] { "b-100" }, await PageKeysAsync(store, q => q.Search = "%"));
        Assert.Equal(new[] { "slash" }, await PageKeysAsync(store, q => q.Search = @"k\s"));
        Assert.Empty(await PageKeysAsync(store, q => q.Search = @"\%"));
    }

    [SkippableFact]
    public async Task Pages_come_in_registration_order_with_the_total_of_every_page()
    {
        using var store = await PageCampaignAsync(Open(create: true));
        var all = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);

        var first = await store.GetDeliveryPageAsync(new DeliveryPageQuery("RFQ-1") { Limit = 3 }, CancellationToken.None);
        var second = await store.GetDeliveryPageAsync(new DeliveryPageQuery("RFQ-1") { Limit = 3, Offset = 3 }, CancellationToken.None);
        var last = await store.GetDeliveryPageAsync(new DeliveryPageQuery("RFQ-1") { Limit = 3, Offset = 6 }, CancellationToken.None);
        var beyond = await store.GetDeliveryPageAsync(new DeliveryPageQuery("RFQ-1") { Limit = 3, Offset = 70 }, CancellationToken.None);

        Assert.Equal((7, 0, 3), (first.Total, first.Offset, first.Limit));
        Assert.Equal(all.Select(d => d.Id), first.Records.Concat(second.Records).Concat(last.Records).Select(d => d.Id));
        Assert.Equal((7, 1), (last.Total, last.Records.Count));
        Assert.Equal((7, 0, 70), (beyond.Total, beyond.Records.Count, beyond.Offset));

        var filtered = await store.GetDeliveryPageAsync(new DeliveryPageQuery("RFQ-1") { Category = "fasteners", Limit = 2, Offset = 1 }, CancellationToken.None);
        Assert.Equal(3, filtered.Total);
        Assert.Equal(new[] { "axb", "zed" }, filtered.Records.Select(r => r.VendorKey));
        Assert.Equal(0, (await store.GetDeliveryPageAsync(new DeliveryPageQuery("RFQ-404"), CancellationToken.None)).Total);
    }

    [SkippableFact]
    public async Task A_pages_records_are_filled_as_the_full_read_fills_them()
    {
        using var store = await PageCampaignAsync(Open(create: true));
        var corrector = new DeliveryCorrector(store, "ann", () => T0);
        await corrector.ApplyAsync(await corrector.PlanAsync("RFQ-1", "b-100", DeliveryState.Skipped, "duplicate", CancellationToken.None), CancellationToken.None);

        var full = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1") { VendorKeys = new[] { "b-100" } }, CancellationToken.None)).Single();
        var paged = (await store.GetDeliveryPageAsync(new DeliveryPageQuery("RFQ-1") { Search = "100%" }, CancellationToken.None)).Records.Single();

        Assert.Equal(DeliveryState.Skipped, paged.State);
        Assert.Equal(("ann", "duplicate", DeliveryState.Queued), (paged.LastChange!.ChangedBy, paged.LastChange.Reason, paged.LastChange.From));
        Assert.Equal(
            (full.Id, full.VendorName, full.MessageId, full.Attempts, full.Reminders, full.CreatedAt, full.UpdatedAt, full.LastChange!.ChangedAt),
            (paged.Id, paged.VendorName, paged.MessageId, paged.Attempts, paged.Reminders, paged.CreatedAt, paged.UpdatedAt, paged.LastChange.ChangedAt));
        Assert.Equal(full.To, paged.To);
        Assert.Equal(new[] { "boss@copper.example" }, paged.Cc);
        Assert.Equal(new[] { "Cable", "Copper" }, paged.Categories);
    }

    [Fact]
    public void A_page_holds_1_to_500_rows_from_an_offset_of_0_or_more()
    {
        var query = new DeliveryPageQuery("RFQ-1");
        Assert.Equal((0, 50), (query.Offset, query.Limit));
        query.Limit = 1;
        query.Limit = 500;
        Assert.Throws<ArgumentOutOfRangeException>(() => query.Limit = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => query.Limit = 501);
        Assert.Throws<ArgumentOutOfRangeException>(() => query.Offset = -1);
        Assert.Equal(500, query.Limit);
    }

    [SkippableFact]
    public async Task A_store_not_created_reads_an_empty_page_and_no_audit()
    {
        using var store = Open(create: false);
        var page = await store.GetDeliveryPageAsync(new DeliveryPageQuery("RFQ-1") { Offset = 10, Limit = 20 }, CancellationToken.None);
        Assert.Equal((0, 0, 10, 20), (page.Records.Count, page.Total, page.Offset, page.Limit));
        Assert.Empty(await store.GetAuditAsync(null, 10, CancellationToken.None));
        Assert.Null(await store.GetCampaignPauseAsync("RFQ-1", CancellationToken.None));
        await Assert.ThrowsAsync<RfqSenderException>(() => store.SetCampaignPausedAsync("RFQ-1", true, "ann", null, CancellationToken.None));
        await Assert.ThrowsAsync<RfqSenderException>(() => store.RecordAuditAsync(new AuditEntry { User = "ann", Action = "pause" }, CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_paused_campaign_is_claimed_by_no_one_until_it_is_unpaused()
    {
        using var store = Open(create: true);
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(4), MessageId, CancellationToken.None);
        Assert.Null(await store.SetCampaignPausedAsync("RFQ-404", true, "ann", null, CancellationToken.None));
        Assert.Null(await store.GetCampaignPauseAsync("RFQ-1", CancellationToken.None));

        var before = store.Clock.GetUtcNow();
        var paused = await store.SetCampaignPausedAsync("RFQ-1", true, "ann", "supplier list under review", CancellationToken.None);
        var after = store.Clock.GetUtcNow();
        Assert.True(paused!.IsPaused);
        Assert.Equal(("ann", "supplier list under review", 4), (paused.PausedBy, paused.PauseReason, paused.Queued));
        Assert.InRange(paused.PausedAt!.Value, before.AddSeconds(-1), after.AddSeconds(1));

        // Another process pausing again keeps the first pause; no one claims meanwhile.
        using (var other = Open(create: true))
        {
            var again = await other.SetCampaignPausedAsync("RFQ-1", true, "bob", "other", CancellationToken.None);
            Assert.Equal(("ann", paused.PausedAt), (again!.PausedBy, again.PausedAt));
            Assert.Empty(await other.ClaimAsync(new ClaimRequest("RFQ-1", "w2", 10, TimeSpan.FromMinutes(5), T0), CancellationToken.None));
        }

        Assert.Empty(await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 10, TimeSpan.FromMinutes(5), T0), CancellationToken.None));
        var pause = await store.GetCampaignPauseAsync("RFQ-1", CancellationToken.None);
        Assert.Equal(("RFQ-1", "ann", "supplier list under review", paused.PausedAt.Value), (pause!.RfqNumber, pause.PausedBy, pause.Reason, pause.PausedAt));
        Assert.True((await store.GetCampaignsAsync(null, CancellationToken.None)).Single().IsPaused);
        Assert.Equal(paused.PausedAt, (await store.ExportCampaignAsync("RFQ-1", CancellationToken.None))!.PausedAt);

        var unpaused = await store.SetCampaignPausedAsync("RFQ-1", false, "bob", null, CancellationToken.None);
        Assert.False(unpaused!.IsPaused);
        Assert.Equal(((string?)null, (string?)null), (unpaused.PausedBy, unpaused.PauseReason));
        Assert.Null(await store.GetCampaignPauseAsync("RFQ-1", CancellationToken.None));
        Assert.Equal(4, (await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 10, TimeSpan.FromMinutes(5), T0), CancellationToken.None)).Count);
    }

    [SkippableFact]
    public async Task A_paused_campaign_stops_a_send_under_way_within_one_batch_and_a_resume_after_unpausing_finishes_it_once_per_vendor()
    {
        using var store = Open(create: true);
        using var other = Open(create: true);
        var rfq = SendFixture.CreateRfq();
        var vendors = TestVendors.Many(300);
        await store.RegisterCampaignAsync(rfq, CancellationToken.None);
        await store.RegisterVendorsAsync(rfq.Number, vendors, MessageId, CancellationToken.None);

        // Another process (a status page) pauses the campaign while the 60th message goes out, in the second batch of 50.
        var transport = new ScriptedTransport();
        transport.OnSend = _ =>
        {
            if (transport.Messages.Count == 60)
            {
                other.SetCampaignPausedAsync(rfq.Number, true, "web-user", "wrong attachment", CancellationToken.None).GetAwaiter().GetResult();
            }
        };
        var options = new Engine.Sending.SendOptions { Owner = "host/1/a", BatchSize = 50, Concurrency = 1, RetryCount = 0 };
        var session = Engine.Sending.RfqSendSession.Create(rfq, store, transport, options);
        var results = new List<Engine.Sending.DeliveryResult>();
        await session.SendDueAsync(results.Add, CancellationToken.None);

        Assert.Equal(100, transport.Messages.Count);
        Assert.Equal(("web-user", "wrong attachment"), (session.Paused!.PausedBy, session.Paused.Reason));
        var counts = (await store.GetCampaignsAsync(rfq.Number, CancellationToken.None)).Single();
        Assert.Equal((100, 200, 0, 0), (counts.Sent, counts.Queued, counts.Sending, counts.InDoubt));
        Assert.True(counts.IsPaused);

        // A run started while it is paused sends nothing and says why at once.
        var refused = Engine.Sending.RfqSendSession.Create(rfq, store, transport, options);
        Assert.NotNull(await refused.GetPauseAsync(CancellationToken.None));
        await refused.SendDueAsync(results.Add, CancellationToken.None);
        Assert.Equal(100, transport.Messages.Count);
        Assert.Equal("web-user", refused.Paused!.PausedBy);

        await other.SetCampaignPausedAsync(rfq.Number, false, "web-user", null, CancellationToken.None);
        var resumed = Engine.Sending.RfqSendSession.Create(rfq, store, transport, options);
        await resumed.SendDueAsync(results.Add, CancellationToken.None);

        Assert.Null(resumed.Paused);
        Assert.Equal(300, transport.Messages.Count);
        Assert.Equal(300, transport.RecipientsSent.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(300, (await store.GetCampaignsAsync(rfq.Number, CancellationToken.None)).Single().Sent);
    }

    [SkippableFact]
    public async Task Audit_entries_are_read_newest_first_per_campaign_with_the_stores_time()
    {
        using var store = Open(create: true);
        var before = store.Clock.GetUtcNow();
        var first = await store.RecordAuditAsync(new AuditEntry { User = "ann", Action = "pause", RfqNumber = "RFQ-1", Detail = "list under review", Source = "web" }, CancellationToken.None);
        await store.RecordAuditAsync(new AuditEntry { User = "bob", Action = "exclude", RfqNumber = "RFQ-2", VendorKey = "v0001", Source = "cli", At = T0 }, CancellationToken.None);
        var third = await store.RecordAuditAsync(new AuditEntry { User = "ann", Action = "unpause", RfqNumber = "RFQ-1", Source = "powershell" }, CancellationToken.None);
        await store.RecordAuditAsync(new AuditEntry { User = "carl", Action = "assign-reply", RfqNumber = "RFQ-1", VendorKey = "v0002" }, CancellationToken.None);

        Assert.True(third.Id > first.Id);
        Assert.InRange(first.At, before.AddSeconds(-1), store.Clock.GetUtcNow().AddSeconds(1));

        using var reopened = Open(create: true);
        var rfq1 = await reopened.GetAuditAsync("RFQ-1", 10, CancellationToken.None);
        Assert.Equal(new[] { "assign-reply", "unpause", "pause" }, rfq1.Select(e => e.Action));
        Assert.Equal(("ann", "RFQ-1", (string?)null, "list under review", "web", first.Id, first.At), (rfq1[2].User, rfq1[2].RfqNumber, rfq1[2].VendorKey, rfq1[2].Detail, rfq1[2].Source, rfq1[2].Id, rfq1[2].At));
        Assert.Null(rfq1[0].Source);
        Assert.Equal(new[] { "assign-reply", "unpause" }, (await reopened.GetAuditAsync("RFQ-1", 2, CancellationToken.None)).Select(e => e.Action));
        var all = await reopened.GetAuditAsync(null, 100, CancellationToken.None);
        Assert.Equal(4, all.Count);
        Assert.Equal(("bob", "v0001", T0), (all[2].User, all[2].VendorKey, all[2].At));
        Assert.Empty(await reopened.GetAuditAsync("RFQ-404", 10, CancellationToken.None));
    }
}
