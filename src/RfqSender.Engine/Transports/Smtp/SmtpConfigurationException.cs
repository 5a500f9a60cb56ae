namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// The SMTP settings or the server make sending impossible for every message (credentials refused,
/// certificate not trusted, STARTTLS required but not offered, no common AUTH mechanism). A sender
/// stops on it instead of failing each vendor. The message never holds a password or token.
/// </summary>
public class SmtpConfigurationException : RfqSenderException
{
    /// <summary>Creates the exception.</summary>
    public SmtpConfigurationException(string message)
        : base(FailureKind.Transport, message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public SmtpConfigurationException(string message, Exception? innerException)
        : base(FailureKind.Transport, message, innerException)
    {
    }
}
