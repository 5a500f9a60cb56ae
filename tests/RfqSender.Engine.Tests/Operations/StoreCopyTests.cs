using RfqSender.Engine.Operations;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tests.Tracking.PostgreSql;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Operations;

/// <summary>
/// Moving a campaign between stores: every delivery, its state, attempts, Message-ID and changes
/// preserved; idempotent; a campaign being sent is refused. SQLite to SQLite always, and SQLite to
/// PostgreSQL and back where the test server runs.
/// </summary>
public sealed class StoreCopyTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly TestFolder _temp = new();
    private readonly List<string> _schemas = new();
    private PostgreSqlTestServer? _server;

    public void Dispose()
    {
        foreach (var schema in _schemas)
        {
            _server!.DropSchema(schema);
        }

        _temp.Dispose();
    }

    [Fact]
    public Task A_campaign_moves_to_another_file_whole_and_a_second_copy_changes_nothing() =>
        CopyAndCompareAsync(StoreSettings.Sqlite(_temp.Combine("target.db")));

    [SkippableFact]
    public Task A_campaign_moves_from_a_file_to_postgresql_whole_and_a_second_copy_changes_nothing() =>
        CopyAndCompareAsync(PostgreSqlStore());

    [SkippableFact]
    public async Task A_campaign_moves_back_from_postgresql_to_a_file()
    {
        var shared = PostgreSqlStore();
        await CopyAndCompareAsync(shared);
        using var runtime = RfqRuntime.ForStore(shared);

        var back = await runtime.CopyToAsync(StoreSettings.Sqlite(_temp.Combine("back.db")), null, null, CancellationToken.None);

        Assert.Equal(6, back.Single().Copied);
        using var file = DeliveryStoreFactory.Open(StoreSettings.Sqlite(_temp.Combine("back.db")), create: false);
        var states = (await file.GetDeliveriesAsync(new DeliveryQuery("RFQ-T-1"), CancellationToken.None)).Select(d => d.State);
        Assert.Equal(new[] { DeliveryState.Sent, DeliveryState.Failed, DeliveryState.InDoubt, DeliveryState.Skipped, DeliveryState.Queued, DeliveryState.InDoubt }, states);
    }

    [Fact]
    public async Task A_campaign_being_sent_now_is_refused()
    {
        var source = StoreSettings.Sqlite(_temp.Combine("source.db"));
        using (var store = DeliveryStoreFactory.Open(source, create: true))
        {
            await store.RegisterCampaignAsync(SendFixture.CreateRfq(), CancellationToken.None);
            await store.RegisterVendorsAsync("RFQ-T-1", TestVendors.Many(2), v => "id." + v.Key, CancellationToken.None);
            await store.ClaimAsync(new ClaimRequest("RFQ-T-1", "busy", 1, TimeSpan.FromHours(1), DateTimeOffset.UtcNow), CancellationToken.None);
        }

        using var runtime = RfqRuntime.ForStore(source);
        var ex = await Assert.ThrowsAsync<RfqSenderException>(() => runtime.CopyToAsync(StoreSettings.Sqlite(_temp.Combine("target.db")), null, null, CancellationToken.None));

        Assert.Equal(FailureKind.InvalidInput, ex.Kind);
        Assert.Contains("is being sent", ex.Message);
    }

    private StoreSettings PostgreSqlStore()
    {
        _server ??= PostgreSqlTestServer.Require();
        var schema = _server.CreateSchema();
        _schemas.Add(schema);
        return _server.Store(schema);
    }

    /// <summary>A campaign with a delivery in each state a store can hold, and a change by hand.</summary>
    private async Task<StoreSettings> SourceAsync()
    {
        var source = StoreSettings.Sqlite(_temp.Combine("source.db"));
        using var store = DeliveryStoreFactory.Open(source, create: true);
        await store.RegisterCampaignAsync(SendFixture.CreateRfq(), "fingerprint-1", 2, CancellationToken.None);
        await store.RegisterVendorsAsync("RFQ-T-1", TestVendors.Many(6), v => "id." + v.Key + "@contoso.example", CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest("RFQ-T-1", "me", 6, TimeSpan.FromMinutes(5), T0), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[0].Record.Id, "me", DeliveryState.Sent, "250 ok", T0.AddSeconds(1)), CancellationToken.None);
        await store.QueueRemindersAsync("RFQ-T-1", new[] { new ReminderRequest(claimed[0].Record.Id, 1) }, T0.AddSeconds(5), CancellationToken.None);
        var reminder = (await store.ClaimAsync(new ClaimRequest("RFQ-T-1", "me", 1, TimeSpan.FromMinutes(5), T0.AddSeconds(5)) { VendorKeys = new[] { claimed[0].Record.VendorKey } }, CancellationToken.None)).Single();
        await store.CompleteAsync(new DeliveryCompletion(reminder.Record.Id, "me", DeliveryState.Sent, "reminder 1: 250 ok", T0.AddSeconds(6)) { Reminder = 1 }, CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[1].Record.Id, "me", DeliveryState.Failed, "550 no such user", T0.AddSeconds(2)), CancellationToken.None);
        await store.MarkInFlightAsync(claimed[2].Record.Id, "me", CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[2].Record.Id, "me", DeliveryState.InDoubt, "timed out after the dot", T0.AddSeconds(3)), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[3].Record.Id, "me", DeliveryState.Deferred, "421 busy", T0.AddSeconds(4)) { NextAttemptAt = T0.AddMinutes(5) }, CancellationToken.None);
        await store.ReleaseAsync("me", new[] { claimed[4].Record.Id }, CancellationToken.None);
        await store.MarkInFlightAsync(claimed[5].Record.Id, "me", CancellationToken.None);
        var deferred = (await store.GetDeliveriesAsync(new DeliveryQuery("RFQ-T-1"), CancellationToken.None))[3];
        Assert.True(await store.ChangeStateAsync(DeliveryTransitionRules.Decide(deferred, DeliveryState.Skipped, "CONTOSO\\anna", "left the business", T0.AddMinutes(1))!, CancellationToken.None));
        Assert.True((await store.SetCampaignPausedAsync("RFQ-T-1", true, "CONTOSO\\anna", "price list under review", CancellationToken.None))!.IsPaused);
        return source;
    }

    private async Task CopyAndCompareAsync(StoreSettings target)
    {
        var source = await SourceAsync();
        using var runtime = RfqRuntime.ForStore(source);

        var first = (await runtime.CopyToAsync(target, null, null, CancellationToken.None)).Single();
        var second = (await runtime.CopyToAsync(target, new[] { "RFQ-T-1" }, null, CancellationToken.None)).Single();

        Assert.Equal((true, 6, 0), (first.CampaignAdded, first.Copied, first.AlreadyPresent));
        Assert.Equal((false, 0, 6), (second.CampaignAdded, second.Copied, second.AlreadyPresent));
        using var from = DeliveryStoreFactory.Open(source, create: false);
        using var to = DeliveryStoreFactory.Open(target, create: false);
        var expected = await from.GetDeliveriesAsync(new DeliveryQuery("RFQ-T-1"), CancellationToken.None);
        var actual = await to.GetDeliveriesAsync(new DeliveryQuery("RFQ-T-1"), CancellationToken.None);
        Assert.Equal(expected.Select(Shape), actual.Select(Shape));
        Assert.Equal(1, actual[0].Reminders);
        Assert.Equal(
            (await from.GetChangesAsync("RFQ-T-1", null, CancellationToken.None)).Select(c => (c.VendorKey, c.From, c.To, c.ChangedBy, c.Reason, c.ChangedAt)),
            (await to.GetChangesAsync("RFQ-T-1", null, CancellationToken.None)).Select(c => (c.VendorKey, c.From, c.To, c.ChangedBy, c.Reason, c.ChangedAt)));
        var attempts = (await from.GetDeliveryAttemptsAsync("RFQ-T-1", null, CancellationToken.None)).Select(a => (a.VendorKey, a.Number, a.State, a.Detail, a.At, a.Sender)).ToList();
        Assert.Equal(new[] { DeliveryState.Sent, DeliveryState.Failed, DeliveryState.InDoubt, DeliveryState.Deferred }, attempts.Select(a => a.State));
        Assert.Equal(attempts, (await to.GetDeliveryAttemptsAsync("RFQ-T-1", null, CancellationToken.None)).Select(a => (a.VendorKey, a.Number, a.State, a.Detail, a.At, a.Sender)));
        var version = await to.GetCampaignVersionAsync("RFQ-T-1", CancellationToken.None);
        Assert.Equal((2, "fingerprint-1"), (version!.Version, version.Fingerprint));
        Assert.Equal(SendFixture.CreateRfq().Items[0].Description, (await to.GetCampaignRfqAsync("RFQ-T-1", CancellationToken.None))!.Items[0].Description);
        Assert.Null((await to.GetCampaignsAsync("RFQ-T-1", CancellationToken.None)).Single().InputIncomplete);
        var pausedFrom = (await from.GetCampaignsAsync("RFQ-T-1", CancellationToken.None)).Single();
        var pausedTo = (await to.GetCampaignsAsync("RFQ-T-1", CancellationToken.None)).Single();
        Assert.Equal((true, "CONTOSO\\anna", "price list under review", pausedFrom.PausedAt), (pausedTo.IsPaused, pausedTo.PausedBy, pausedTo.PauseReason, pausedTo.PausedAt));

        // The delivery left in flight by a stopped sender is recovered in the target as in the source: InDoubt.
        var recovered = await to.RecoverAbandonedAsync("RFQ-T-1", T0.AddHours(1), _ => false, CancellationToken.None);
        Assert.Equal(1, recovered.InDoubt);
    }

    private static string Shape(DeliveryRecord d) =>
        string.Join("|", d.VendorKey, d.VendorName, string.Join(";", d.To), string.Join(";", d.Categories), d.State, d.Attempts, d.MessageId, d.Detail,
            d.SentAt?.ToUnixTimeMilliseconds(), d.NextAttemptAt?.ToUnixTimeMilliseconds(), d.LeaseOwner, d.LeaseExpiresAt?.ToUnixTimeMilliseconds(),
            d.RfqVersion, d.CreatedAt.ToUnixTimeMilliseconds(), d.UpdatedAt.ToUnixTimeMilliseconds(), d.Reminders, d.LastReminderAt?.ToUnixTimeMilliseconds(), d.ReminderPending);
}
