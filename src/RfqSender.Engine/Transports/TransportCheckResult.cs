namespace RfqSender.Engine.Transports;

/// <summary>How one step of a transport check went.</summary>
public enum TransportCheckResult
{
    /// <summary>The step succeeded.</summary>
    Passed,

    /// <summary>The step failed; the detail says why.</summary>
    Failed,

    /// <summary>The step does not apply to these settings or this server (e.g. AUTH without credentials); the detail says why.</summary>
    Skipped,

    /// <summary>An earlier step failed, so this one was not tried.</summary>
    NotRun,
}
