using RfqSender.Engine.Settings;

namespace RfqSender.Engine.Transports;

/// <summary>One step of a transport check (<see cref="TransportCheck"/>) with its result.</summary>
public sealed class TransportCheckStep
{
    /// <summary>The transport checked.</summary>
    public TransportKind Transport { get; init; }

    /// <summary>What was checked, where: e.g. <c>127.0.0.1:587</c>, a Graph host, a folder.</summary>
    public string Target { get; init; } = string.Empty;

    /// <summary>The step: Connect, TLS, Greeting, EHLO, STARTTLS, EHLO after TLS, AUTH (SMTP); Token, Mailbox (Graph); Folder, Write (pickup).</summary>
    public string Step { get; init; } = string.Empty;

    /// <summary>Passed, Failed, Skipped or NotRun.</summary>
    public TransportCheckResult Result { get; init; }

    /// <summary>How long the step took (zero when not run).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>What happened: the server's greeting, the TLS protocol and certificate, the AUTH mechanism used, the reason of a failure. Never a secret.</summary>
    public string Detail { get; init; } = string.Empty;

    /// <summary>True when the step passed or did not apply.</summary>
    public bool Succeeded => Result is TransportCheckResult.Passed or TransportCheckResult.Skipped;
}
