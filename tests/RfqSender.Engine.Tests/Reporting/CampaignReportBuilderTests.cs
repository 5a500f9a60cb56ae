using RfqSender.Engine.Reporting;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Reporting;

/// <summary>The report's figures from deliveries and what came back: statuses, rates, times, days and categories.</summary>
public sealed class CampaignReportBuilderTests
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);
    private long _ids;

    private static CampaignRecord Campaign => new() { RfqNumber = "RFQ-R1", Title = "Copper cable", DueDate = new DateTimeOffset(2026, 12, 15, 17, 0, 0, TimeSpan.Zero), From = "purchasing@contoso.com" };

    private DeliveryRecord Delivery(string key, DeliveryState state, DateTimeOffset? sentAt = null, string? detail = null, params string[] categories) => new()
    {
        Id = ++_ids,
        RfqNumber = "RFQ-R1",
        VendorKey = key,
        VendorName = "Vendor " + key,
        To = new[] { key.ToLowerInvariant() + "@vendor.test" },
        Categories = categories,
        State = state,
        Attempts = state == DeliveryState.Queued ? 0 : 1,
        SentAt = sentAt ?? (state is DeliveryState.Sent or DeliveryState.Responded or DeliveryState.Failed ? Sent : null),
        Detail = detail,
    };

    private static InboundRecord Reply(DeliveryRecord to, DateTimeOffset at, int files = 0) => new()
    {
        DeliveryId = to.Id,
        Kind = ReplyKind.Reply,
        ReceivedAt = at,
        Attachments = Enumerable.Range(0, files).Select(i => new InboundAttachmentRecord { FileName = $"q{i}.pdf" }).ToList(),
    };

    private static InboundRecord OutOfOffice(DeliveryRecord to, DateTimeOffset at, DateTime? until) =>
        new() { DeliveryId = to.Id, Kind = ReplyKind.AutoReply, IsOutOfOffice = true, ReceivedAt = at, AwayUntil = until };

    private static InboundRecord Bounce(DeliveryRecord to, DeliveryState? changedTo) =>
        new() { DeliveryId = to.Id, Kind = ReplyKind.Bounce, ReceivedAt = Sent.AddMinutes(3), ChangedTo = changedTo, BounceSeverity = BounceSeverity.Permanent };

    [Fact]
    public void Each_vendor_gets_the_status_its_delivery_and_what_came_back_give_it()
    {
        var answered = Delivery("A", DeliveryState.Responded);
        var byHand = Delivery("H", DeliveryState.Responded);
        var silent = Delivery("S", DeliveryState.Sent);
        var awayAhead = Delivery("W1", DeliveryState.Sent);
        var awayOver = Delivery("W2", DeliveryState.Sent);
        var awayNoDate = Delivery("W3", DeliveryState.Sent);
        var bounced = Delivery("B", DeliveryState.Failed, detail: "Bounced 5.1.1 b@vendor.test: no such user");
        var refused = Delivery("F", DeliveryState.Failed, detail: "550 5.7.1 relaying denied");
        var transientBounceThenSent = Delivery("T", DeliveryState.Sent);
        var inDoubt = Delivery("D", DeliveryState.InDoubt, detail: "the sender died during DATA");
        var queued = Delivery("Q", DeliveryState.Queued);
        var deferred = Delivery("R", DeliveryState.Deferred);
        var skipped = Delivery("K", DeliveryState.Skipped, detail: "left out by alice");
        var inbound = new[]
        {
            Reply(answered, Sent.AddHours(5), files: 2),
            OutOfOffice(awayAhead, Sent.AddMinutes(1), Now.UtcDateTime.Date.AddDays(3)),
            OutOfOffice(awayOver, Sent.AddMinutes(1), Now.UtcDateTime.Date.AddDays(-1)),
            OutOfOffice(awayNoDate, Sent.AddMinutes(1), null),
            Bounce(bounced, DeliveryState.Failed),
            Bounce(transientBounceThenSent, null),
        };

        var report = CampaignReportBuilder.Build(Campaign, new[] { answered, byHand, silent, awayAhead, awayOver, awayNoDate, bounced, refused, transientBounceThenSent, inDoubt, queued, deferred, skipped }, inbound, 2, Now);

        var status = report.Vendors.ToDictionary(v => v.VendorKey, v => v.Status);
        Assert.Equal(VendorStatus.Answered, status["A"]);
        Assert.Equal(VendorStatus.Answered, status["H"]);
        Assert.Equal(VendorStatus.Silent, status["S"]);
        Assert.Equal(VendorStatus.Away, status["W1"]);
        Assert.Equal(VendorStatus.Silent, status["W2"]);
        Assert.Equal(VendorStatus.Away, status["W3"]);
        Assert.Equal(VendorStatus.Bounced, status["B"]);
        Assert.Equal(VendorStatus.Failed, status["F"]);
        Assert.Equal(VendorStatus.Silent, status["T"]);
        Assert.Equal(VendorStatus.InDoubt, status["D"]);
        Assert.Equal(VendorStatus.Pending, status["Q"]);
        Assert.Equal(VendorStatus.Pending, status["R"]);
        Assert.Equal(VendorStatus.Skipped, status["K"]);

        var a = report.Vendors.Single(v => v.VendorKey == "A");
        Assert.Equal((TimeSpan?)TimeSpan.FromHours(5), a.TimeToAnswer);
        Assert.Equal((1, 2), (a.Replies, a.Attachments));
        Assert.Null(report.Vendors.Single(v => v.VendorKey == "H").AnsweredAt);
        Assert.Equal(Now.UtcDateTime.Date.AddDays(3), report.Vendors.Single(v => v.VendorKey == "W1").AwayUntil);
        Assert.Equal("Bounced 5.1.1 b@vendor.test: no such user", report.Vendors.Single(v => v.VendorKey == "B").Detail);
        Assert.Null(report.Vendors.Single(v => v.VendorKey == "S").Detail);

        var t = report.Totals;
        Assert.Equal((13, 2, 3, 2, 1, 1, 1, 2, 1), (t.Vendors, t.Answered, t.Silent, t.Away, t.Bounced, t.Failed, t.InDoubt, t.Pending, t.Skipped));
        Assert.Equal(7, t.Reached);
        Assert.Equal(9, t.Sent);
        Assert.Equal(2.0 / 7, t.ResponseRate!.Value, 6);
        Assert.Equal(2, report.UnmatchedReplies);
        Assert.Equal(VendorStatus.Answered, report.Vendors[0].Status);
    }

    [Fact]
    public void The_median_and_mean_time_to_answer_are_of_the_vendors_that_answered_by_mail()
    {
        var deliveries = new[] { 1, 3, 8, 20 }.Select(h => Delivery("V" + h, DeliveryState.Responded)).ToList();
        var inbound = deliveries.Select((d, i) => Reply(d, Sent.AddHours(new[] { 1, 3, 8, 20 }[i]))).ToList();
        inbound.Add(Reply(deliveries[0], Sent.AddHours(30)));

        var even = CampaignReportBuilder.Build(Campaign, deliveries, inbound, 0, Now);
        var odd = CampaignReportBuilder.Build(Campaign, deliveries.Take(3).ToList(), inbound, 0, Now);
        var none = CampaignReportBuilder.Build(Campaign, new[] { Delivery("S", DeliveryState.Sent) }, Array.Empty<InboundRecord>(), 0, Now);

        Assert.Equal(TimeSpan.FromHours(5.5), even.MedianTimeToAnswer);
        Assert.Equal(TimeSpan.FromHours(8), even.MeanTimeToAnswer);
        Assert.Equal(TimeSpan.FromHours(3), odd.MedianTimeToAnswer);
        Assert.Null(none.MedianTimeToAnswer);
        Assert.Equal(0.0, none.Totals.ResponseRate);
        Assert.Null(CampaignReportBuilder.Build(Campaign, Array.Empty<DeliveryRecord>(), Array.Empty<InboundRecord>(), 0, Now).Totals.ResponseRate);
    }

    [Fact]
    public void Days_run_from_the_first_send_to_today_adding_up_sends_and_first_answers()
    {
        var early = Delivery("E", DeliveryState.Responded, Sent);
        var late = Delivery("L", DeliveryState.Responded, Sent.AddDays(1));
        var silent = Delivery("S", DeliveryState.Sent, Sent.AddDays(1));
        var inbound = new[] { Reply(early, Sent.AddDays(2)), Reply(early, Sent.AddDays(3)), Reply(late, Sent.AddDays(2).AddHours(1)) };

        var days = CampaignReportBuilder.Build(Campaign, new[] { early, late, silent }, inbound, 0, Now).Days;

        Assert.Equal(Enumerable.Range(0, 5).Select(i => Sent.UtcDateTime.Date.AddDays(i)), days.Select(d => d.Date));
        Assert.Equal(new[] { 1, 2, 0, 0, 0 }, days.Select(d => d.Sent));
        Assert.Equal(new[] { 0, 0, 2, 0, 0 }, days.Select(d => d.Answered));
        Assert.Equal(new[] { 1, 3, 3, 3, 3 }, days.Select(d => d.SentSoFar));
        Assert.Equal(new[] { 0, 0, 2, 2, 2 }, days.Select(d => d.AnsweredSoFar));
        Assert.Empty(CampaignReportBuilder.Build(Campaign, new[] { Delivery("Q", DeliveryState.Queued) }, Array.Empty<InboundRecord>(), 0, Now).Days);
    }

    [Fact]
    public void A_vendor_counts_in_each_of_its_categories_and_one_without_under_none()
    {
        var both = Delivery("X", DeliveryState.Responded, null, null, "Cable", "copper");
        var cable = Delivery("Y", DeliveryState.Sent, null, null, "cable");
        var none = Delivery("Z", DeliveryState.Failed, null, "refused");

        var report = CampaignReportBuilder.Build(Campaign, new[] { both, cable, none }, new[] { Reply(both, Sent.AddHours(1)) }, 0, Now);

        Assert.Equal(new[] { DeliverySummary.NoCategory, "Cable", "copper" }, report.Categories.Select(c => c.Category));
        var c = report.Categories.Single(r => r.Category == "Cable");
        Assert.Equal((2, 1, 1), (c.Vendors, c.Answered, c.Silent));
        Assert.Equal(0.5, c.ResponseRate);
        Assert.Equal(1, report.Categories.Single(r => r.Category == DeliverySummary.NoCategory).Failed);
        Assert.Equal(3, report.Totals.Vendors);
    }
}
