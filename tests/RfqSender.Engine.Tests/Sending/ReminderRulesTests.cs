using RfqSender.Engine.Sending;
using RfqSender.Engine.Tests.Support;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Sending;

public sealed class ReminderRulesTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 15, 17, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Sent = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Sent.AddDays(4));

    private static DeliveryRecord Delivery(DeliveryState state = DeliveryState.Sent, int reminders = 0, DateTimeOffset? lastReminder = null, int? pending = null, string? detail = null) => new()
    {
        Id = 1,
        RfqNumber = "RFQ-T-1",
        VendorKey = "acme",
        VendorName = "Acme",
        State = state,
        SentAt = Sent,
        Reminders = reminders,
        LastReminderAt = lastReminder,
        ReminderPending = pending,
        Detail = detail,
    };

    private ReminderDecision Decide(DeliveryRecord delivery, DateTime? awayUntil = null, ReminderOptions? options = null) =>
        ReminderRules.Decide(delivery, awayUntil, Due, options ?? new ReminderOptions(), _clock.GetUtcNow());

    [Fact]
    public void A_sent_vendor_silent_for_longer_than_the_interval_gets_reminder_one()
    {
        var decision = Decide(Delivery());

        Assert.True(decision.Remind);
        Assert.Equal(1, decision.Number);
        Assert.False(decision.QueuedAlready);
        Assert.Contains("2026-12-01 09:00Z", decision.Reason);
    }

    [Fact]
    public void An_answered_vendor_gets_none()
    {
        var decision = Decide(Delivery(DeliveryState.Responded));

        Assert.False(decision.Remind);
        Assert.Equal("answered", decision.Reason);
    }

    [Fact]
    public void A_bounced_vendor_gets_none_and_is_called_bounced()
    {
        var decision = Decide(Delivery(DeliveryState.Failed, detail: "Bounced 5.1.1 (user unknown)"));

        Assert.False(decision.Remind);
        Assert.StartsWith("bounced: Bounced 5.1.1", decision.Reason);
        Assert.StartsWith("failed: 550", Decide(Delivery(DeliveryState.Failed, detail: "550 no such user")).Reason);
    }

    [Fact]
    public void A_vendor_away_until_the_due_date_or_later_gets_none_one_back_before_it_does()
    {
        Assert.False(Decide(Delivery(), awayUntil: new DateTime(2026, 12, 15)).Remind);
        Assert.Contains("away until 2026-12-20, past the due date", Decide(Delivery(), awayUntil: new DateTime(2026, 12, 20)).Reason);
        Assert.Contains("no return date", Decide(Delivery(), awayUntil: DateTime.MaxValue).Reason);
        Assert.True(Decide(Delivery(), awayUntil: new DateTime(2026, 12, 8)).Remind);
    }

    [Fact]
    public void Too_recent_a_last_message_gets_none_and_says_when_the_next_may_go()
    {
        _clock.Now = Sent.AddDays(2);
        var afterRfq = Decide(Delivery());
        Assert.False(afterRfq.Remind);
        Assert.Contains("too recent: the RFQ went 2026-12-01 09:00Z; the next reminder from 2026-12-04 09:00Z", afterRfq.Reason);

        _clock.Now = Sent.AddDays(5);
        var afterReminder = Decide(Delivery(reminders: 1, lastReminder: Sent.AddDays(4)));
        Assert.False(afterReminder.Remind);
        Assert.Contains("reminder 1 went 2026-12-05 09:00Z", afterReminder.Reason);

        _clock.Now = Sent.AddDays(7);
        Assert.Equal(2, Decide(Delivery(reminders: 1, lastReminder: Sent.AddDays(4))).Number);
        Assert.True(Decide(Delivery(), options: new ReminderOptions { MinimumInterval = TimeSpan.FromDays(1) }).Remind);
    }

    [Fact]
    public void At_the_most_reminders_a_vendor_gets_none()
    {
        _clock.Now = Sent.AddDays(12);
        var decision = Decide(Delivery(reminders: 2, lastReminder: Sent.AddDays(8)));

        Assert.False(decision.Remind);
        Assert.Contains("reminded 2 time(s) already, the most allowed (2)", decision.Reason);
        Assert.Equal(3, Decide(Delivery(reminders: 2, lastReminder: Sent.AddDays(8)), options: new ReminderOptions { MaxReminders = 3 }).Number);
    }

    [Fact]
    public void After_the_due_date_nobody_is_reminded()
    {
        _clock.Now = Due.AddMinutes(1);

        var decision = Decide(Delivery());

        Assert.False(decision.Remind);
        Assert.Equal("the due date 2026-12-15 16:00Z has passed", decision.Reason);
    }

    [Fact]
    public void Days_before_due_holds_reminders_back_until_the_due_date_is_that_close()
    {
        var options = new ReminderOptions { DaysBeforeDue = 3 };
        _clock.Now = new DateTimeOffset(2026, 12, 12, 15, 0, 0, TimeSpan.Zero);
        var early = Decide(Delivery(), options: options);
        Assert.False(early.Remind);
        Assert.Contains("more than 3 day(s) away; reminders from 2026-12-12 16:00Z", early.Reason);

        _clock.Now = new DateTimeOffset(2026, 12, 12, 16, 0, 0, TimeSpan.Zero);
        Assert.True(Decide(Delivery(), options: options).Remind);
    }

    [Fact]
    public void A_reminder_an_earlier_run_left_queued_is_sent_as_decided_and_one_in_doubt_waits()
    {
        var queued = Decide(Delivery(DeliveryState.Queued, pending: 1));
        Assert.True(queued.Remind);
        Assert.True(queued.QueuedAlready);
        Assert.Equal(1, queued.Number);

        var inDoubt = Decide(Delivery(DeliveryState.InDoubt, pending: 1));
        Assert.False(inDoubt.Remind);
        Assert.True(inDoubt.NeedsDecision);
        Assert.Contains("-InDoubt Resend", inDoubt.Reason);
    }

    [Fact]
    public void A_vendor_never_sent_gets_none()
    {
        Assert.Equal("not sent: the delivery is Queued", Decide(Delivery(DeliveryState.Queued)).Reason);
        Assert.False(Decide(Delivery(DeliveryState.InDoubt)).NeedsDecision);
    }
}
