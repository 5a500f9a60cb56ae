namespace RfqSender.Graph.Tests.Fakes;

/// <summary>A failure the fake answers one request with instead of serving it.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Code">Graph error code.</param>
/// <param name="Message">Graph error message.</param>
/// <param name="RetryAfter">Raw Retry-After header value, or null.</param>
/// <param name="AbortAfterBody">Read the whole request body, then drop the connection without answering.</param>
public sealed record GraphFault(int Status, string? Code = null, string? Message = null, string? RetryAfter = null, bool AbortAfterBody = false)
{
    public static GraphFault Throttle(string? retryAfter) =>
        new(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", retryAfter);

    public static GraphFault Abort() => new(0, AbortAfterBody: true);
}
