using Polly;
using Polly.Retry;
using RfqSender.Engine.Transports;

namespace RfqSender.Engine.Sending;

/// <summary>
/// The first of the two retry layers: a transient failure is tried again within the run, a few
/// seconds later, on the same connection slot (<see cref="SendOptions.RetryCount"/>,
/// <see cref="SendOptions.RetryDelay"/>, <see cref="SendOptions.MaxRetryWait"/>). When those tries
/// are spent the delivery is deferred in the store, which is the second layer
/// (<see cref="StoreDeferral"/>).
/// </summary>
internal static class InRunRetry
{
    /// <summary>The retry pipeline of a run with these options.</summary>
    public static ResiliencePipeline<TransportOutcome> Build(SendOptions options, TimeProvider clock)
    {
        if (options.RetryCount == 0)
        {
            return ResiliencePipeline<TransportOutcome>.Empty;
        }

        return new ResiliencePipelineBuilder<TransportOutcome> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<TransportOutcome>
            {
                MaxRetryAttempts = options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryWait,

                // Only transient failures are retried, and only when the server's hint is short; an
                // in-doubt message is never sent again automatically.
                ShouldHandle = args => new ValueTask<bool>(
                    args.Outcome.Result is { Kind: TransportOutcomeKind.Transient } result
                    && (result.RetryAfter is null || result.RetryAfter <= options.MaxRetryWait)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Result?.RetryAfter),
            })
            .Build();
    }
}
