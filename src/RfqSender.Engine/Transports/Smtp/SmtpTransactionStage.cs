namespace RfqSender.Engine.Transports.Smtp;

/// <summary>Where in the SMTP conversation something happened.</summary>
public enum SmtpTransactionStage
{
    /// <summary>Opening the TCP connection (and the TLS handshake for implicit TLS).</summary>
    Connect,

    /// <summary>Waiting for the server's 220 greeting.</summary>
    Greeting,

    /// <summary>EHLO or HELO.</summary>
    Hello,

    /// <summary>STARTTLS and the TLS handshake.</summary>
    StartTls,

    /// <summary>AUTH.</summary>
    Authenticate,

    /// <summary>MAIL FROM.</summary>
    MailFrom,

    /// <summary>RCPT TO.</summary>
    RcptTo,

    /// <summary>The DATA command, before the server's 354.</summary>
    Data,

    /// <summary>Sending the message content, before the final dot has been handed over.</summary>
    MessageContent,

    /// <summary>The final dot was sent; waiting for the server's verdict on the message.</summary>
    FinalReply,

    /// <summary>RSET after a failed transaction.</summary>
    Reset,
}
