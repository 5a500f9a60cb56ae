namespace RfqSender.Engine.Transports.Smtp;

/// <summary>One step of setting up an SMTP session (connect, TLS, greeting, EHLO, STARTTLS, AUTH), as it completed.</summary>
internal sealed class SmtpSetupStep
{
    public SmtpSetupStep(string name, bool skipped, TimeSpan duration, string detail)
    {
        Name = name;
        Skipped = skipped;
        Duration = duration;
        Detail = detail;
    }

    /// <summary>The step, e.g. <c>STARTTLS</c>.</summary>
    public string Name { get; }

    /// <summary>True when the settings or the server made the step not apply (e.g. AUTH without credentials).</summary>
    public bool Skipped { get; }

    /// <summary>How long the step took.</summary>
    public TimeSpan Duration { get; }

    /// <summary>What happened: the server's words, the TLS protocol and certificate, the AUTH mechanism. Never a secret.</summary>
    public string Detail { get; }
}
