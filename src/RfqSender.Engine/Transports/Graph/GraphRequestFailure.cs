namespace RfqSender.Engine.Transports.Graph;

/// <summary>Carries the outcome of a failed Graph request out of the steps of one message.</summary>
internal sealed class GraphRequestFailure : Exception
{
    public GraphRequestFailure(TransportOutcome outcome, int? status = null, string? errorCode = null)
        : base(outcome.Detail)
    {
        Outcome = outcome;
        Status = status;
        ErrorCode = errorCode;
    }

    public TransportOutcome Outcome { get; }

    /// <summary>The HTTP status Graph answered with; null when the request got no answer (or was throttled to the end).</summary>
    public int? Status { get; }

    /// <summary>Graph's error code (e.g. <c>ErrorItemNotFound</c>, <c>SyncStateNotFound</c>), or null.</summary>
    public string? ErrorCode { get; }
}
