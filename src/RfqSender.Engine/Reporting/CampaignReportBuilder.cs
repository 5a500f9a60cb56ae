using RfqSender.Engine.Quotes;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Reporting;

/// <summary>
/// Builds a <see cref="CampaignReport"/> from what the store holds of a campaign: its deliveries and the
/// replies, bounces and auto-replies matched to them. A pure function of its inputs (the time is given).
/// </summary>
public static class CampaignReportBuilder
{
    /// <summary>The status of one vendor: its delivery's state, with the bounces and out-of-office replies that explain it.</summary>
    public static VendorStatus StatusOf(DeliveryRecord delivery, IReadOnlyList<InboundRecord> inbound, DateTime today)
    {
        if (delivery is null)
        {
            throw new ArgumentNullException(nameof(delivery));
        }

        switch (delivery.State)
        {
            case DeliveryState.Responded:
                return VendorStatus.Answered;
            case DeliveryState.Failed:
                return inbound.Any(r => r.Kind == ReplyKind.Bounce && r.ChangedTo == DeliveryState.Failed) ? VendorStatus.Bounced : VendorStatus.Failed;
            case DeliveryState.InDoubt:
                return VendorStatus.InDoubt;
            case DeliveryState.Skipped:
                return VendorStatus.Skipped;
            case DeliveryState.Sent:
                var away = LastOutOfOffice(inbound);
                return away is not null && (away.AwayUntil is not DateTime until || until.Date >= today) ? VendorStatus.Away : VendorStatus.Silent;
            default:
                return VendorStatus.Pending;
        }
    }

    /// <summary>The report of a campaign.</summary>
    /// <param name="campaign">The campaign as the store lists it.</param>
    /// <param name="deliveries">Every delivery of the campaign.</param>
    /// <param name="inbound">The replies, bounces and auto-replies matched to the campaign's deliveries.</param>
    /// <param name="unmatched">How many recorded messages match no vendor.</param>
    /// <param name="now">The time of the report (the store's clock).</param>
    /// <param name="quotes">The quote sheets the replies brought back, for each vendor's quote column.</param>
    public static CampaignReport Build(CampaignRecord campaign, IReadOnlyList<DeliveryRecord> deliveries, IReadOnlyList<InboundRecord> inbound, int unmatched, DateTimeOffset now, IReadOnlyList<VendorQuote>? quotes = null)
    {
        if (campaign is null || deliveries is null || inbound is null)
        {
            throw new ArgumentNullException(campaign is null ? nameof(campaign) : deliveries is null ? nameof(deliveries) : nameof(inbound));
        }

        var byDelivery = inbound
            .Where(r => r.DeliveryId is not null)
            .GroupBy(r => r.DeliveryId!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<InboundRecord>)g.OrderBy(r => r.ReceivedAt).ToList());
        var sheets = (quotes ?? Array.Empty<VendorQuote>()).GroupBy(q => q.DeliveryId).ToDictionary(g => g.Key, g => g.OrderBy(q => q.ReceivedAt).ThenBy(q => q.Id).Last());
        var today = now.UtcDateTime.Date;
        var totals = new ReportCategory { Category = DeliverySummary.AllCategories };
        var categories = new Dictionary<string, ReportCategory>(StringComparer.OrdinalIgnoreCase);
        var vendors = new List<ReportVendor>(deliveries.Count);
        foreach (var delivery in deliveries)
        {
            var messages = byDelivery.TryGetValue(delivery.Id, out var found) ? found : Array.Empty<InboundRecord>();
            var replies = messages.Where(r => r.Kind == ReplyKind.Reply).ToList();
            var status = StatusOf(delivery, messages, today);
            var vendor = new ReportVendor
            {
                VendorKey = delivery.VendorKey,
                VendorName = delivery.VendorName,
                To = delivery.To,
                Categories = delivery.Categories,
                Status = status,
                State = delivery.State,
                Attempts = delivery.Attempts,
                SentAt = delivery.SentAt,
                Reminders = delivery.Reminders,
                LastReminderAt = delivery.LastReminderAt,
                AnsweredAt = status == VendorStatus.Answered ? replies.FirstOrDefault()?.ReceivedAt : null,
                Replies = replies.Count,
                Attachments = replies.Sum(r => r.Attachments.Count),
                AwayUntil = status == VendorStatus.Away ? LastOutOfOffice(messages)?.AwayUntil : null,
                Quote = sheets.TryGetValue(delivery.Id, out var sheet)
                    ? sheet.Status == QuoteStatus.Accepted ? $"{sheet.Quoted} of {sheet.Lines.Count} items" : "needs review"
                    : null,
                Detail = status is VendorStatus.Failed or VendorStatus.Bounced or VendorStatus.InDoubt or VendorStatus.Skipped ? delivery.Detail : null,
            };
            vendors.Add(vendor);
            totals.Add(status);
            foreach (var category in (delivery.Categories.Count == 0 ? new[] { DeliverySummary.NoCategory } : delivery.Categories).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!categories.TryGetValue(category, out var row))
                {
                    categories[category] = row = new ReportCategory { Category = category };
                }

                row.Add(status);
            }
        }

        var times = vendors.Select(v => v.TimeToAnswer).OfType<TimeSpan>().OrderBy(t => t).ToList();
        return new CampaignReport
        {
            RfqNumber = campaign.RfqNumber,
            Title = campaign.Title,
            DueDate = campaign.DueDate,
            From = campaign.From,
            GeneratedAt = now,
            InputIncomplete = campaign.InputIncomplete,
            Totals = totals,
            Categories = categories.Values.OrderBy(c => c.Category, StringComparer.OrdinalIgnoreCase).ToList(),
            Vendors = vendors.OrderBy(v => v.Status).ThenBy(v => v.VendorName, StringComparer.OrdinalIgnoreCase).ThenBy(v => v.VendorKey, StringComparer.OrdinalIgnoreCase).ToList(),
            Days = Days(vendors, today),
            MedianTimeToAnswer = times.Count == 0 ? null : times.Count % 2 == 1 ? times[times.Count / 2] : TimeSpan.FromTicks((times[times.Count / 2 - 1].Ticks + times[times.Count / 2].Ticks) / 2),
            MeanTimeToAnswer = times.Count == 0 ? null : TimeSpan.FromTicks((long)times.Average(t => (double)t.Ticks)),
            UnmatchedReplies = unmatched,
        };
    }

    private static InboundRecord? LastOutOfOffice(IReadOnlyList<InboundRecord> inbound) =>
        inbound.Where(r => r.Kind == ReplyKind.AutoReply && r.IsOutOfOffice).OrderBy(r => r.ReceivedAt).LastOrDefault();

    private static IReadOnlyList<ReportDay> Days(IReadOnlyList<ReportVendor> vendors, DateTime today)
    {
        var sent = vendors.Where(v => v.SentAt is not null).GroupBy(v => v.SentAt!.Value.UtcDateTime.Date).ToDictionary(g => g.Key, g => g.Count());
        var answered = vendors.Where(v => v.AnsweredAt is not null).GroupBy(v => v.AnsweredAt!.Value.UtcDateTime.Date).ToDictionary(g => g.Key, g => g.Count());
        if (sent.Count == 0 && answered.Count == 0)
        {
            return Array.Empty<ReportDay>();
        }

        var first = sent.Keys.Concat(answered.Keys).Min();
        var last = sent.Keys.Concat(answered.Keys).Max();
        if (last < today)
        {
            last = today;
        }

        // A campaign is days or weeks long; a store whose clock went wrong must not make a report of centuries.
        if ((last - first).TotalDays > 3660)
        {
            last = first.AddDays(3660);
        }

        var days = new List<ReportDay>();
        int sentSoFar = 0, answeredSoFar = 0;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var s = sent.TryGetValue(day, out var n) ? n : 0;
            var a = answered.TryGetValue(day, out var m) ? m : 0;
            sentSoFar += s;
            answeredSoFar += a;
            days.Add(new ReportDay { Date = day, Sent = s, Answered = a, SentSoFar = sentSoFar, AnsweredSoFar = answeredSoFar });
        }

        return days;
    }
}
