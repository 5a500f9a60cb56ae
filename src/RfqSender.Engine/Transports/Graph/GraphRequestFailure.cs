namespace RfqSender.Engine.Transports.Graph;

/// <summary>Carries the outcome of a failed Graph request out of the steps of one message.</summary>
internal sealed class GraphRequestFailure : Exception
{
    public GraphRequestFailure(TransportOutcome outcome)
        : base(outcome.Detail)
    {
        Outcome = outcome;
    }

    public TransportOutcome Outcome { get; }
}
