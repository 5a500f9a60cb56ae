namespace RfqSender.Engine.Transports;

/// <summary>
/// The transport cannot reach its server at all (connection refused, unknown host, no connection
/// within the timeout) before any part of a message went out. It is a condition of the run, not of
/// a vendor: the run stops, its claims are released, and no delivery uses up an attempt.
/// </summary>
public sealed class TransportUnavailableException : RfqSenderException
{
    /// <summary>Creates the exception.</summary>
    public TransportUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
