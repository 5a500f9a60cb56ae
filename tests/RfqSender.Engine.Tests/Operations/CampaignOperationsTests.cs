using RfqSender.Engine.Operations;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Operations;

/// <summary>The runtime's operator actions on a campaign: pause, unpause, exclude a vendor, each audited; and the paged read.</summary>
public sealed class CampaignOperationsTests : IDisposable
{
    private readonly TestFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private StoreSettings Store => StoreSettings.Sqlite(_temp.Combine("data", "rfq.db"));

    private async Task SeedAsync(int vendors = 3)
    {
        using var store = DeliveryStoreFactory.Open(Store, create: true);
        var rfq = SendFixture.CreateRfq();
        await store.RegisterCampaignAsync(rfq, CancellationToken.None);
        await store.RegisterVendorsAsync(rfq.Number, TestVendors.Many(vendors), v => "id." + v.Key + "@contoso.example", CancellationToken.None);
        var claimed = await store.ClaimAsync(new ClaimRequest(rfq.Number, "me", 1, TimeSpan.FromMinutes(5), store.Clock.GetUtcNow()), CancellationToken.None);
        await store.CompleteAsync(new DeliveryCompletion(claimed[0].Record.Id, "me", DeliveryState.Sent, "250 ok", store.Clock.GetUtcNow()), CancellationToken.None);
    }

    [Fact]
    public async Task A_pause_and_an_unpause_are_recorded_with_who_why_and_where_from()
    {
        await SeedAsync();
        using var runtime = RfqRuntime.ForStore(Store);
        runtime.AuditSource = "powershell";

        var paused = await runtime.PauseCampaignAsync("RFQ-T-1", "ann", "  wrong price list  ", CancellationToken.None);
        Assert.Equal((true, "ann", "wrong price list"), (paused.IsPaused, paused.PausedBy, paused.PauseReason));
        var unpaused = await runtime.UnpauseCampaignAsync("RFQ-T-1", null, "web", CancellationToken.None);
        Assert.False(unpaused.IsPaused);

        var audit = await runtime.GetAuditAsync("RFQ-T-1", 10, CancellationToken.None);
        Assert.Equal(new[] { "unpause", "pause" }, audit.Select(a => a.Action));
        Assert.Equal(("ann", "wrong price list", "powershell"), (audit[1].User, audit[1].Detail, audit[1].Source));
        Assert.Equal((DeliveryCorrector.CurrentUser, "web"), (audit[0].User, audit[0].Source));
        Assert.StartsWith("paused by ann at ", audit[0].Detail);
    }

    [Fact]
    public async Task Pausing_an_unknown_campaign_or_store_or_with_a_reason_that_cannot_be_recorded_is_refused_and_audits_nothing()
    {
        using (var none = RfqRuntime.ForStore(Store))
        {
            await Assert.ThrowsAsync<StoreNotFoundException>(() => none.PauseCampaignAsync("RFQ-T-1", null, null, CancellationToken.None));
            Assert.Empty(await none.GetAuditAsync(null, 10, CancellationToken.None));
            Assert.Equal(0, (await none.GetDeliveryPageAsync(new DeliveryPageQuery("RFQ-T-1"), CancellationToken.None)).Total);
            Assert.False(File.Exists(_temp.Combine("data", "rfq.db")));
        }

        await SeedAsync();
        using var runtime = RfqRuntime.ForStore(Store);
        var unknown = await Assert.ThrowsAsync<CampaignNotFoundException>(() => runtime.PauseCampaignAsync("RFQ-NOPE", null, null, CancellationToken.None));
        Assert.Equal("RFQ-NOPE", unknown.RfqNumber);
        await Assert.ThrowsAsync<CampaignNotFoundException>(() => runtime.UnpauseCampaignAsync("RFQ-NOPE", null, CancellationToken.None));
        var bad = await Assert.ThrowsAsync<RfqSenderException>(() => runtime.PauseCampaignAsync("RFQ-T-1", null, "two\nlines", CancellationToken.None));
        Assert.Equal(FailureKind.InvalidInput, bad.Kind);
        Assert.Empty(await runtime.GetAuditAsync(null, 10, CancellationToken.None));
        Assert.False((await runtime.OpenExistingStore().GetCampaignsAsync("RFQ-T-1", CancellationToken.None)).Single().IsPaused);
    }

    [Fact]
    public async Task A_vendor_is_excluded_once_as_the_rules_allow_and_a_sent_one_is_refused()
    {
        await SeedAsync();
        using var runtime = RfqRuntime.ForStore(Store);

        var excluded = await runtime.ExcludeVendorAsync("RFQ-T-1", "V0002", "duplicate of v0003", "bob", "web", CancellationToken.None);
        Assert.Equal(DeliveryState.Skipped, excluded.State);
        Assert.Equal(("bob", "duplicate of v0003"), (excluded.LastChange!.ChangedBy, excluded.LastChange.Reason));
        var again = await runtime.ExcludeVendorAsync("RFQ-T-1", "v0002", null, "bob", "web", CancellationToken.None);
        Assert.Equal(DeliveryState.Skipped, again.State);

        var sent = await Assert.ThrowsAsync<DeliveryCorrectionException>(() => runtime.ExcludeVendorAsync("RFQ-T-1", "v0001", null, "bob", "web", CancellationToken.None));
        Assert.Equal(DeliveryCorrectionRefusal.NotAllowed, sent.Refusal);
        var missing = await Assert.ThrowsAsync<DeliveryCorrectionException>(() => runtime.ExcludeVendorAsync("RFQ-T-1", "v9999", null, "bob", "web", CancellationToken.None));
        Assert.Equal(DeliveryCorrectionRefusal.NotFound, missing.Refusal);

        var audit = (await runtime.GetAuditAsync("RFQ-T-1", 10, CancellationToken.None)).Single();
        Assert.Equal(("bob", "exclude", "v0002", "web", "Queued to Skipped: duplicate of v0003"), (audit.User, audit.Action, audit.VendorKey, audit.Source, audit.Detail));
        var page = await runtime.GetDeliveryPageAsync(new DeliveryPageQuery("RFQ-T-1") { States = new[] { DeliveryState.Skipped } }, CancellationToken.None);
        Assert.Equal("v0002", page.Records.Single().VendorKey);
    }
}
