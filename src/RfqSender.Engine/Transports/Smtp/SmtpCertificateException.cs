namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// The server's TLS certificate was not accepted. The message says what was wrong (name mismatch,
/// untrusted root, expired, thumbprint not pinned) and how to trust it.
/// </summary>
public sealed class SmtpCertificateException : SmtpConfigurationException
{
    /// <summary>Creates the exception.</summary>
    public SmtpCertificateException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
