using RfqSender.Engine.Responses;
using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Tracking;

/// <summary>What an inbound message does to the delivery it was matched to (<see cref="DeliveryTransitionRules.DecideInbound"/>).</summary>
public sealed class InboundTransitionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static DeliveryRecord Delivery(DeliveryState state, params string[] to) => new()
    {
        Id = 7,
        RfqNumber = "RFQ-1",
        VendorKey = "V001",
        VendorName = "Northwind",
        State = state,
        To = new TextList(to.Length == 0 ? new[] { "sales@northwind.example" } : to),
    };

    private static InboundRecord Reply() => new() { Kind = ReplyKind.Reply };

    private static InboundRecord Bounce(BounceSeverity severity, string? recipient = "sales@northwind.example") => new()
    {
        Kind = ReplyKind.Bounce,
        BounceSeverity = severity,
        BounceStatus = severity == BounceSeverity.Permanent ? "5.1.1" : "4.4.1",
        BounceRecipient = recipient,
        BounceDiagnostic = "smtp; 550 5.1.1 <sales@northwind.example>: Recipient address rejected: User unknown",
    };

    [Theory]
    [InlineData(DeliveryState.Queued)]
    [InlineData(DeliveryState.Sent)]
    [InlineData(DeliveryState.Deferred)]
    [InlineData(DeliveryState.Failed)]
    [InlineData(DeliveryState.InDoubt)]
    [InlineData(DeliveryState.Skipped)]
    public void A_reply_sets_responded_recorded_as_the_reader(DeliveryState from)
    {
        var change = DeliveryTransitionRules.DecideInbound(Delivery(from), Reply(), "alice", "reply read from folder:/replies", Now);

        Assert.NotNull(change);
        Assert.Equal((7L, "RFQ-1", from, DeliveryState.Responded), (change!.DeliveryId, change.RfqNumber, change.From, change.To));
        Assert.Equal(("alice", "reply read from folder:/replies", Now), (change.ChangedBy, change.Reason, change.At));
        Assert.Null(change.Detail);
        Assert.False(change.ResetAttempts);
    }

    [Theory]
    [InlineData(DeliveryState.Responded)]
    [InlineData(DeliveryState.Sending)]
    public void A_reply_changes_nothing_already_answered_or_being_sent(DeliveryState from) =>
        Assert.Null(DeliveryTransitionRules.DecideInbound(Delivery(from), Reply(), "alice", null, Now));

    [Theory]
    [InlineData(DeliveryState.Sent)]
    [InlineData(DeliveryState.InDoubt)]
    public void A_permanent_bounce_fails_a_sent_delivery_with_the_status_and_the_servers_words(DeliveryState from)
    {
        var change = DeliveryTransitionRules.DecideInbound(Delivery(from), Bounce(BounceSeverity.Permanent), "alice", null, Now);

        Assert.Equal((from, DeliveryState.Failed), (change!.From, change.To));
        Assert.Equal("Bounced 5.1.1 sales@northwind.example: smtp; 550 5.1.1 <sales@northwind.example>: Recipient address rejected: User unknown", change.Detail);
    }

    [Theory]
    [InlineData(DeliveryState.Responded)]
    [InlineData(DeliveryState.Failed)]
    [InlineData(DeliveryState.Queued)]
    [InlineData(DeliveryState.Deferred)]
    [InlineData(DeliveryState.Sending)]
    public void A_permanent_bounce_leaves_other_states_alone(DeliveryState from) =>
        Assert.Null(DeliveryTransitionRules.DecideInbound(Delivery(from), Bounce(BounceSeverity.Permanent), "alice", null, Now));

    [Fact]
    public void A_bounce_of_one_address_does_not_fail_a_delivery_that_reached_another()
    {
        var delivery = Delivery(DeliveryState.Sent, "sales@northwind.example", "Orders <orders@northwind.example>");
        Assert.Null(DeliveryTransitionRules.DecideInbound(delivery, Bounce(BounceSeverity.Permanent), "alice", null, Now));

        var onlyAddress = Delivery(DeliveryState.Sent, "SALES@Northwind.example");
        Assert.NotNull(DeliveryTransitionRules.DecideInbound(onlyAddress, Bounce(BounceSeverity.Permanent), "alice", null, Now));
        Assert.NotNull(DeliveryTransitionRules.DecideInbound(delivery, Bounce(BounceSeverity.Permanent, recipient: null), "alice", null, Now));
    }

    [Fact]
    public void Transient_bounces_auto_replies_and_list_mail_change_nothing()
    {
        Assert.Null(DeliveryTransitionRules.DecideInbound(Delivery(DeliveryState.Sent), Bounce(BounceSeverity.Transient), "alice", null, Now));
        Assert.Null(DeliveryTransitionRules.DecideInbound(Delivery(DeliveryState.Sent), new InboundRecord { Kind = ReplyKind.AutoReply, IsOutOfOffice = true }, "alice", null, Now));
        Assert.Null(DeliveryTransitionRules.DecideInbound(Delivery(DeliveryState.Sent), new InboundRecord { Kind = ReplyKind.MailingList }, "alice", null, Now));
    }

    [Fact]
    public void A_long_reason_and_diagnostic_are_cut_to_what_the_store_records()
    {
        var bounce = Bounce(BounceSeverity.Permanent);
        bounce.BounceDiagnostic = new string('x', 5000);
        var change = DeliveryTransitionRules.DecideInbound(Delivery(DeliveryState.Sent), bounce, "alice", new string('r', 900), Now);

        Assert.Equal(DeliveryTransitionRules.MaxBounceDetailLength, change!.Detail!.Length);
        Assert.Equal(DeliveryTransitionRules.MaxReasonLength, change.Reason!.Length);
    }
}
