namespace RfqSender.Engine.Sending;

/// <summary>
/// The second of the two retry layers: a delivery whose in-run tries (<see cref="InRunRetry"/>)
/// are spent is Deferred in the store with a time for its next attempt, which a later run (or a
/// later claim of this one) takes up: exponential from <see cref="SendOptions.RetryBaseDelay"/> up to
/// <see cref="SendOptions.RetryMaxDelay"/>, or longer when the server asked for it, until
/// <see cref="SendOptions.MaxAttempts"/> attempts fail it.
/// </summary>
internal static class StoreDeferral
{
    /// <summary>How long after this attempt (the <paramref name="attempts"/>th) the next one is due.</summary>
    public static TimeSpan DelayAfter(int attempts, TimeSpan? serverHint, SendOptions options)
    {
        var exponential = TimeSpan.FromTicks(Math.Min(
            options.RetryMaxDelay.Ticks,
            options.RetryBaseDelay.Ticks * (1L << Math.Min(Math.Max(attempts - 1, 0), 20))));
        return serverHint is TimeSpan h && h > exponential ? h : exponential;
    }
}
