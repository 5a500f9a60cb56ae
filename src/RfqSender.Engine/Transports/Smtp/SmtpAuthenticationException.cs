namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// The server refused the credentials (535 and other 5xx replies to AUTH). The message names the
/// server, the user and the server's reply, never the password or token.
/// </summary>
public sealed class SmtpAuthenticationException : SmtpConfigurationException
{
    /// <summary>Creates the exception.</summary>
    public SmtpAuthenticationException(string message, SmtpReply? reply = null)
        : base(message)
    {
        Reply = reply;
    }

    /// <summary>The server's reply to AUTH, when there was one.</summary>
    public SmtpReply? Reply { get; }
}
