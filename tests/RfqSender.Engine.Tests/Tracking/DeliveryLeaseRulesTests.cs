using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Tests.Tracking;

public sealed class DeliveryLeaseRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static DeliveryLease Lease(int attempts, bool inFlight = false, string? owner = "host/42/abcd", DateTimeOffset? expires = null) =>
        new(7, owner, expires ?? T0.AddMinutes(10), inFlight, attempts);

    [Theory]
    [InlineData(1, DeliveryState.Queued, 0)]
    [InlineData(2, DeliveryState.Deferred, 1)]
    [InlineData(5, DeliveryState.Deferred, 4)]
    [InlineData(0, DeliveryState.Queued, 0)]
    public void A_release_takes_the_claims_attempt_back_and_a_retry_stays_deferred(int attempts, DeliveryState state, int left)
    {
        var decision = DeliveryLeaseRules.Release(Lease(attempts));

        Assert.Equal((state, left), (decision.State, decision.Attempts));
        Assert.Null(decision.Detail);
    }

    [Fact]
    public void A_release_decides_the_same_in_flight_or_not()
    {
        Assert.Equal(DeliveryState.Deferred, DeliveryLeaseRules.Release(Lease(2, inFlight: true)).State);
    }

    [Fact]
    public void Recovering_work_in_flight_makes_it_in_doubt_keeping_its_attempts_and_naming_the_sender()
    {
        var decision = DeliveryLeaseRules.Recover(Lease(3, inFlight: true));

        Assert.Equal((DeliveryState.InDoubt, 3), (decision.State, decision.Attempts));
        Assert.Equal(
            "The sender host/42/abcd stopped after handing this message to the transport and before recording the answer: it may have been sent.",
            decision.Detail);
    }

    [Theory]
    [InlineData(1, DeliveryState.Queued, 0)]
    [InlineData(3, DeliveryState.Deferred, 2)]
    public void Recovering_work_never_handed_over_releases_it(int attempts, DeliveryState state, int left)
    {
        var decision = DeliveryLeaseRules.Recover(Lease(attempts));

        Assert.Equal((state, left, null), (decision.State, decision.Attempts, decision.Detail));
    }

    [Fact]
    public void At_the_start_of_a_run_expired_leases_and_gone_owners_are_abandoned()
    {
        Assert.True(DeliveryLeaseRules.IsAbandoned(Lease(1, expires: T0), T0, _ => false));
        Assert.False(DeliveryLeaseRules.IsAbandoned(Lease(1, expires: T0.AddTicks(1)), T0, _ => false));
        Assert.True(DeliveryLeaseRules.IsAbandoned(Lease(1), T0, owner => owner == "host/42/abcd"));
        Assert.False(DeliveryLeaseRules.IsAbandoned(Lease(1, owner: null), T0, _ => true));
    }

    [Fact]
    public void During_a_run_only_other_senders_expired_leases_are_taken_back()
    {
        Assert.True(DeliveryLeaseRules.IsExpiredForOthers(Lease(1, expires: T0), "me", T0));
        Assert.False(DeliveryLeaseRules.IsExpiredForOthers(Lease(1, expires: T0.AddSeconds(1)), "me", T0));
        Assert.False(DeliveryLeaseRules.IsExpiredForOthers(Lease(1, owner: "me", expires: T0.AddHours(-1)), "me", T0));
        Assert.True(DeliveryLeaseRules.IsExpiredForOthers(Lease(1, owner: "ME", expires: T0), "me", T0));
    }
}
