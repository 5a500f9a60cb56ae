using Microsoft.Data.Sqlite;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Tracking;

public sealed class SqliteDeliveryStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Rfq Rfq(string number = "RFQ-1") => new(
        number,
        "Cable",
        new DateTimeOffset(2026, 12, 15, 17, 0, 0, TimeSpan.FromHours(1)),
        MailboxAddress.Parse("Purchasing <buy@contoso.example>"),
        MailboxAddress.Parse("replies@contoso.example"),
        "RFQ {{Rfq.Number}}",
        "Hello {{Vendor.Name}}",
        null,
        new[] { new LineItem("CU-1", "Cable 3x2.5 mm²", 40m, "drum") },
        Array.Empty<RfqAttachment>());

    private SqliteDeliveryStore Open() => SqliteDeliveryStore.Open(_temp.Combine("store", "rfq.db"));

    private static string MessageId(Engine.Vendors.Vendor v) => "id." + v.Key + "@contoso.example";

    [Fact]
    public async Task Creates_the_schema_with_wal_and_indexes()
    {
        using (var store = Open())
        {
            await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        }

        using var connection = new SqliteConnection($"Data Source={_temp.Combine("store", "rfq.db")}");
        connection.Open();
        Assert.Equal(SqliteSchema.CurrentVersion, SqliteSchema.ReadVersion(connection));
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%' ORDER BY name;";
        var indexes = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                indexes.Add(reader.GetString(0));
            }
        }

        Assert.Equal(new[] { "ix_deliveries_dispatch", "ix_deliveries_message_id", "ix_deliveries_sent_at", "ix_delivery_changes_delivery" }, indexes);
    }

    [Fact]
    public async Task Reopening_a_store_keeps_its_data_and_does_not_rerun_migrations()
    {
        using (var store = Open())
        {
            await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
            await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(3), MessageId, CancellationToken.None);
        }

        using (var store = Open())
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

    [Fact]
    public async Task A_store_newer_than_this_build_is_refused_with_a_clear_error()
    {
        var path = _temp.Combine("future.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        var ex = Assert.Throws<RfqSenderException>(() => SqliteDeliveryStore.Open(path));
        Assert.Contains("schema version 99", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public async Task Registering_the_same_vendors_again_is_idempotent_and_keeps_states()
    {
        using var store = Open();
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

    [Fact]
    public async Task Changed_contacts_refresh_queued_vendors_but_not_sent_ones()
    {
        using var store = Open();
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
        Assert.Equal("a@a.example", all["a"].To);
        Assert.Equal("new-b@b.example", all["b"].To);
    }

    [Fact]
    public async Task Vendors_cannot_be_registered_for_an_unknown_campaign()
    {
        using var store = Open();
        var ex = await Assert.ThrowsAsync<RfqSenderException>(() => store.RegisterVendorsAsync("RFQ-404", TestVendors.Many(1), MessageId, CancellationToken.None));
        Assert.Contains("RFQ-404", ex.Message);
    }

    [Fact]
    public async Task Claims_take_due_work_once_in_order_and_respect_the_vendor_filter()
    {
        using var store = Open();
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

    [Fact]
    public async Task Deferred_work_is_claimable_only_when_due()
    {
        using var store = Open();
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

    [Fact]
    public async Task Completion_by_a_sender_that_lost_its_claim_is_ignored()
    {
        using var store = Open();
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(1), MessageId, CancellationToken.None);
        var claimed = (await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 1, TimeSpan.FromMinutes(5), T0), CancellationToken.None)).Single();

        Assert.False(await store.CompleteAsync(new DeliveryCompletion(claimed.Record.Id, "someone-else", DeliveryState.Sent, null, T0), CancellationToken.None));
        Assert.Equal(DeliveryState.Sending, (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None)).Single().State);
    }

    [Fact]
    public async Task Abandoned_claims_in_flight_become_in_doubt_the_others_go_back_and_live_ones_are_left_alone()
    {
        using var store = Open();
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
        Assert.Contains("crashed", all[0].Detail);
        Assert.Contains("dead-process", all[2].Detail);
        Assert.Equal(0, all[1].Attempts);
        Assert.Null(all[0].LeaseOwner);
        Assert.Equal("alive", all[3].LeaseOwner);
    }

    [Fact]
    public async Task Requeue_puts_in_doubt_and_failed_deliveries_back_with_fresh_attempts()
    {
        using var store = Open();
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

    [Fact]
    public async Task Recent_sends_and_counts_by_category_are_reported()
    {
        using var store = Open();
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

        var recent = await store.GetRecentSendsAsync(T0.AddDays(-1), CancellationToken.None);
        var counts = await store.GetCountsByCategoryAsync("RFQ-1", CancellationToken.None);

        Assert.Equal((T0, 2), recent.Single());
        Assert.Equal(new[] { "Cable", "Tools" }, await store.GetCategoriesAsync("RFQ-1", CancellationToken.None));
        Assert.Empty(await store.GetCategoriesAsync("RFQ-404", CancellationToken.None));
        Assert.Contains(("Cable", DeliveryState.Sent, 2), counts);
        Assert.Contains(("Tools", DeliveryState.Sent, 1), counts);
        Assert.Contains((string.Empty, DeliveryState.Queued, 1), counts);
    }

    [Fact]
    public async Task Released_claims_go_back_to_the_queue()
    {
        using var store = Open();
        await store.RegisterCampaignAsync(Rfq(), CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-1", TestVendors.Many(3), MessageId, CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-1", "me", 3, TimeSpan.FromMinutes(5), T0), CancellationToken.None);

        await store.ReleaseAsync("me", claimed.Skip(1).Select(c => c.Record.Id).ToList(), CancellationToken.None);

        var all = await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-1"), CancellationToken.None);
        Assert.Equal(new[] { DeliveryState.Sending, DeliveryState.Queued, DeliveryState.Queued }, all.Select(d => d.State));
        Assert.Equal(new[] { 1, 0, 0 }, all.Select(d => d.Attempts));
    }

    [Fact]
    public async Task Queries_filter_by_state_category_and_vendor_and_campaigns_count_by_state()
    {
        using var store = Open();
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

    [Fact]
    public async Task Vendor_snapshots_round_trip_contacts_fields_and_non_ascii()
    {
        using var store = Open();
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
}
