using Microsoft.Data.Sqlite;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Sending;

/// <summary>A registered vendor that cannot be read back (stored before today's rules, or damaged) fails alone; the campaign goes on.</summary>
public sealed class UnreadableSnapshotTests
{
    [Fact]
    public async Task A_claim_that_meets_an_unreadable_vendor_fails_that_delivery_and_sends_the_others()
    {
        using var fixture = new SendFixture();
        var transport = new ScriptedTransport();
        var vendors = TestVendors.Many(3);
        await fixture.Store.RegisterCampaignAsync(fixture.Rfq, CancellationToken.None);
        await fixture.Store.RegisterVendorsAsync(fixture.Rfq.Number, vendors, v => "id-" + v.Key + "@test", CancellationToken.None);
        using (var connection = new SqliteConnection($"Data Source={fixture.Store.Path}"))
        {
            // The contact name an earlier version let through: a line break that MailboxAddress now refuses.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """UPDATE deliveries SET vendor = replace(vendor, '"mailbox":"sales2@', '"mailbox":"Bob\r\nBcc: evil@attacker.example <sales2@') WHERE vendor_key = 'v0002';""";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var results = await fixture.SendDueAsync(fixture.Session(transport));
        var records = await fixture.DeliveriesAsync();

        Assert.Equal(3, results.Count);
        Assert.Equal(DeliveryState.Failed, records["v0002"].State);
        Assert.Contains("the vendor as registered cannot be read back", records["v0002"].Detail);
        Assert.Equal(DeliveryState.Sent, records["v0001"].State);
        Assert.Equal(DeliveryState.Sent, records["v0003"].State);
        Assert.Equal(2, transport.Messages.Count);
    }
}
