namespace RfqSender.Engine.Responses.Sources;

/// <summary>How an IMAP connection is secured; both validate the server's certificate.</summary>
public enum ImapSecurity
{
    /// <summary>TLS from the first byte (port 993).</summary>
    Tls,

    /// <summary>A plain connection upgraded with STARTTLS before signing in (port 143); a server that does not offer it is refused.</summary>
    StartTls,
}
