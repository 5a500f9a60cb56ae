namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// The connection could not be opened or set up, or was lost: a transient condition (server down,
/// refused, timed out, 421). <see cref="SmtpSubmissionClient.SendAsync"/> reports it as a transient
/// outcome; only <see cref="SmtpSubmissionClient.ConnectAsync"/> throws it.
/// </summary>
public sealed class SmtpConnectionException : RfqSenderException
{
    /// <summary>Creates the exception.</summary>
    public SmtpConnectionException(string message, SmtpTransactionStage stage, SmtpReply? reply = null, Exception? innerException = null)
        : base(FailureKind.Transport, message, innerException)
    {
        Stage = stage;
        Reply = reply;
    }

    /// <summary>Where the conversation failed.</summary>
    public SmtpTransactionStage Stage { get; }

    /// <summary>The server's reply, when the failure was a reply (e.g. 421), else null.</summary>
    public SmtpReply? Reply { get; }

    /// <summary>True when the command timed out rather than failed.</summary>
    public bool TimedOut { get; init; }
}
