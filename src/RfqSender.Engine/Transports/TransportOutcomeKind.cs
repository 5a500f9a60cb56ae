namespace RfqSender.Engine.Transports;

/// <summary>The class of a transport's answer for one message.</summary>
public enum TransportOutcomeKind
{
    /// <summary>Accepted by the server (SMTP 250, Graph 202) or written to the pickup folder.</summary>
    Sent,

    /// <summary>Failed for now (4xx, timeout, throttling): try again later.</summary>
    Transient,

    /// <summary>Refused for good (5xx, invalid): do not retry without a change.</summary>
    Permanent,

    /// <summary>The message may or may not have reached the server (connection lost after the body was handed over).</summary>
    InDoubt,
}
