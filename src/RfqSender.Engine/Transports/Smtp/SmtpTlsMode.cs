namespace RfqSender.Engine.Transports.Smtp;

/// <summary>How the SMTP connection is encrypted.</summary>
public enum SmtpTlsMode
{
    /// <summary>STARTTLS must succeed before anything else is sent; the server not offering it is an error.</summary>
    Required,

    /// <summary>STARTTLS when the server offers it, otherwise plain text.</summary>
    Opportunistic,

    /// <summary>Plain text: STARTTLS is never attempted.</summary>
    None,

    /// <summary>TLS from the first byte (port 465, "SMTPS", RFC 8314).</summary>
    Implicit,

    /// <summary>Chosen from the port and the credentials, as when no mode is given: Implicit on 465, Required with credentials, else Opportunistic.</summary>
    Auto,
}
