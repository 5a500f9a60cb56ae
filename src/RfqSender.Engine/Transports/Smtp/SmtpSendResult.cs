namespace RfqSender.Engine.Transports.Smtp;

/// <summary>The outcome of one message and the server's answer for each recipient.</summary>
public sealed class SmtpSendResult
{
    /// <summary>Creates a result.</summary>
    public SmtpSendResult(TransportOutcome outcome, IReadOnlyList<SmtpRecipientResult> recipients, SmtpTransactionStage stage, SmtpReply? reply)
    {
        Outcome = outcome;
        Recipients = recipients;
        Stage = stage;
        Reply = reply;
    }

    /// <summary>Sent, transient, permanent or in doubt, with the server's words in the detail.</summary>
    public TransportOutcome Outcome { get; }

    /// <summary>Each envelope recipient (To then Cc) with its RCPT TO reply; empty when the transaction stopped before RCPT.</summary>
    public IReadOnlyList<SmtpRecipientResult> Recipients { get; }

    /// <summary>The stage the transaction ended at (<see cref="SmtpTransactionStage.FinalReply"/> when the message was answered).</summary>
    public SmtpTransactionStage Stage { get; }

    /// <summary>The reply that decided the outcome, or null for a connection failure or a refusal before sending.</summary>
    public SmtpReply? Reply { get; }

    /// <summary>True when the transaction ended because the server did not answer within a timeout.</summary>
    public bool TimedOut { get; init; }

    /// <summary>The recipients the server refused.</summary>
    public IEnumerable<SmtpRecipientResult> Refused => Recipients.Where(r => !r.Accepted);

    /// <inheritdoc />
    public override string ToString() => Outcome.ToString();
}
