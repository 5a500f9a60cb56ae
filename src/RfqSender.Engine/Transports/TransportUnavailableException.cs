namespace RfqSender.Engine.Transports;

/// <summary>
/// The transport cannot send now at all: its server cannot be reached (connection refused, unknown
/// host, no connection or greeting within the timeout), refuses every session, or stopped answering
/// in the middle of a message. It is a condition of the run, not of a vendor: the run stops, its
/// claims are released, and no delivery uses up an attempt, except the one message whose content
/// had already gone out, which is recorded with <see cref="Outcome"/> (in doubt).
/// </summary>
public sealed class TransportUnavailableException : RfqSenderException
{
    /// <summary>Creates the exception.</summary>
    public TransportUnavailableException(string message, Exception? innerException = null)
        : base(FailureKind.Transport, message, innerException)
    {
    }

    /// <summary>
    /// What to record for the message that was being sent when the transport failed, when that
    /// message may have reached the server (in doubt); null when nothing of it was delivered and
    /// its delivery goes back to the queue untouched.
    /// </summary>
    public TransportOutcome? Outcome { get; init; }
}
