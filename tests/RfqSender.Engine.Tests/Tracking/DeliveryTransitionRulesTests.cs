using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Tracking;

public sealed class DeliveryTransitionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static DeliveryRecord Record(DeliveryState state) => new()
    {
        Id = 7,
        RfqNumber = "RFQ-1",
        VendorKey = "V001",
        VendorName = "Müller Kabelwerke GmbH",
        State = state,
        Attempts = 2,
        UpdatedAt = Now.AddHours(-3),
        LeaseOwner = state == DeliveryState.Sending ? "host:4711" : null,
        LeaseExpiresAt = state == DeliveryState.Sending ? Now.AddMinutes(5) : null,
        PendingRecipients = new TextList(new[] { "cc@vendor.example" }),
    };

    // Every pair of a current state and a state a person may set: allowed (true) or refused (false).
    public static TheoryData<DeliveryState, DeliveryState, bool> Matrix()
    {
        var allowed = new Dictionary<DeliveryState, DeliveryState[]>
        {
            [DeliveryState.Queued] = new[] { DeliveryState.Skipped, DeliveryState.Responded },
            [DeliveryState.Sending] = Array.Empty<DeliveryState>(),
            [DeliveryState.Sent] = new[] { DeliveryState.Queued, DeliveryState.Responded },
            [DeliveryState.Deferred] = new[] { DeliveryState.Skipped, DeliveryState.Queued, DeliveryState.Responded },
            [DeliveryState.Failed] = new[] { DeliveryState.Skipped, DeliveryState.Queued, DeliveryState.Responded },
            [DeliveryState.InDoubt] = new[] { DeliveryState.Skipped, DeliveryState.Queued, DeliveryState.Sent, DeliveryState.Responded },
            [DeliveryState.Responded] = new[] { DeliveryState.Sent },
            [DeliveryState.Skipped] = new[] { DeliveryState.Queued, DeliveryState.Responded },
        };
        var data = new TheoryData<DeliveryState, DeliveryState, bool>();
        foreach (var from in allowed.Keys)
        {
            foreach (var to in DeliveryTransitionRules.SettableStates.Where(t => t != from))
            {
                data.Add(from, to, allowed[from].Contains(to));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Allows_exactly_the_documented_changes(DeliveryState from, DeliveryState to, bool allowed)
    {
        var record = Record(from);

        if (allowed)
        {
            var change = DeliveryTransitionRules.Decide(record, to, "alice", "why", Now);
            Assert.NotNull(change);
            Assert.Equal((from, to, 7L, "alice", "why", Now), (change!.From, change.To, change.DeliveryId, change.ChangedBy, change.Reason, change.At));
            Assert.Contains(to, DeliveryTransitionRules.AllowedFrom(from));
        }
        else
        {
            var refused = Assert.Throws<DeliveryCorrectionException>(() => DeliveryTransitionRules.Decide(record, to, "alice", null, Now));
            Assert.Equal(from == DeliveryState.Sending ? DeliveryCorrectionRefusal.InFlight : DeliveryCorrectionRefusal.NotAllowed, refused.Refusal);
            Assert.Equal(("RFQ-1", "V001"), (refused.RfqNumber, refused.VendorKey));
            Assert.DoesNotContain(to, DeliveryTransitionRules.AllowedFrom(from));
        }
    }

    [Fact]
    public void A_refusal_names_the_vendor_the_campaign_the_state_and_what_is_allowed_instead()
    {
        var refused = Assert.Throws<DeliveryCorrectionException>(() => DeliveryTransitionRules.Decide(Record(DeliveryState.Sent), DeliveryState.Skipped, "alice", null, Now));

        Assert.Contains("V001 (Müller Kabelwerke GmbH) of RFQ-1 is Sent and cannot be set to Skipped", refused.Message);
        Assert.EndsWith("From Sent it can be set to Queued, Responded.", refused.Message);
    }

    [Fact]
    public void A_delivery_in_flight_is_refused_with_who_holds_it()
    {
        var refused = Assert.Throws<DeliveryCorrectionException>(() => DeliveryTransitionRules.Decide(Record(DeliveryState.Sending), DeliveryState.Responded, "alice", null, Now));

        Assert.Equal(DeliveryCorrectionRefusal.InFlight, refused.Refusal);
        Assert.Contains("is being sent now (claimed by host:4711 until 2026-11-22 09:05:00Z)", refused.Message);
        Assert.Empty(DeliveryTransitionRules.AllowedFrom(DeliveryState.Sending));
    }

    [Theory]
    [InlineData(DeliveryState.Sending)]
    [InlineData(DeliveryState.Deferred)]
    [InlineData(DeliveryState.Failed)]
    [InlineData(DeliveryState.InDoubt)]
    public void The_outcomes_of_a_send_cannot_be_set_by_hand(DeliveryState to)
    {
        var refused = Assert.Throws<ArgumentException>(() => DeliveryTransitionRules.Decide(Record(DeliveryState.Queued), to, "alice", null, Now));

        Assert.False(DeliveryTransitionRules.IsSettable(to));
        Assert.StartsWith($"{to} is set by a send, not by hand; a delivery can be set to Skipped, Queued, Sent, Responded.", refused.Message);
    }

    [Fact]
    public void The_state_it_is_in_already_is_no_change()
    {
        Assert.Null(DeliveryTransitionRules.Decide(Record(DeliveryState.Skipped), DeliveryState.Skipped, "alice", null, Now));
    }

    [Fact]
    public void Queued_again_counts_attempts_from_zero_and_goes_to_every_contact()
    {
        var change = DeliveryTransitionRules.Decide(Record(DeliveryState.Sent), DeliveryState.Queued, "alice", null, Now)!;

        Assert.True(change.ResetAttempts);
        Assert.True(change.ClearPendingRecipients);
        Assert.Null(change.SentAtIfMissing);
        Assert.False(change.RecordRfqVersion);
    }

    [Fact]
    public void An_in_doubt_delivery_confirmed_as_sent_records_when_it_became_in_doubt_and_its_version()
    {
        var change = DeliveryTransitionRules.Decide(Record(DeliveryState.InDoubt), DeliveryState.Sent, "alice", null, Now)!;

        Assert.Equal(Now.AddHours(-3), change.SentAtIfMissing);
        Assert.True(change.RecordRfqVersion);
        Assert.True(change.ClearPendingRecipients);
        Assert.False(change.ResetAttempts);
    }

    [Fact]
    public void Skipping_keeps_the_attempts_and_pending_recipients_on_record()
    {
        var change = DeliveryTransitionRules.Decide(Record(DeliveryState.Deferred), DeliveryState.Skipped, "alice", null, Now)!;

        Assert.False(change.ResetAttempts);
        Assert.False(change.ClearPendingRecipients);
        Assert.Null(change.SentAtIfMissing);
    }
}
