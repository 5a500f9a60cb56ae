namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// Turns SMTP replies and connection failures into delivery outcomes. 2xx is Sent, 4xx (421
/// included) and timeouts are Transient, 5xx is Permanent; a connection lost or timed out after the
/// final dot and before its reply is InDoubt (the server may have queued the message), anywhere
/// earlier it is Transient (nothing was delivered).
/// </summary>
public static class SmtpOutcomeClassifier
{
    /// <summary>The outcome class of a reply code.</summary>
    public static TransportOutcomeKind Classify(int replyCode) => (replyCode / 100) switch
    {
        2 => TransportOutcomeKind.Sent,
        5 => TransportOutcomeKind.Permanent,
        // 4xx, and a 3xx where a final answer was due: the state is unknown but nothing was accepted.
        _ => TransportOutcomeKind.Transient,
    };

    /// <summary>The outcome of a reply at a stage; the detail holds the code, enhanced code, text and the command it answered.</summary>
    public static TransportOutcome FromReply(SmtpReply reply, SmtpTransactionStage stage, string? context = null)
    {
        if (reply is null)
        {
            throw new ArgumentNullException(nameof(reply));
        }

        var detail = reply + " (" + (context ?? Describe(stage)) + ")";
        return new TransportOutcome(Classify(reply.Code), detail);
    }

    /// <summary>The outcome when the connection failed or timed out at a stage.</summary>
    public static TransportOutcome FromConnectionFailure(SmtpTransactionStage stage, string reason, bool timedOut)
    {
        var what = timedOut ? "timed out" : "connection lost";
        if (stage == SmtpTransactionStage.Connect)
        {
            // Nothing was connected, so nothing was lost: say that the connection could not be made.
            return new TransportOutcome(TransportOutcomeKind.Transient, $"{(timedOut ? "timed out while connecting" : "could not connect")}; nothing was delivered ({reason})");
        }

        if (stage == SmtpTransactionStage.FinalReply)
        {
            return new TransportOutcome(
                TransportOutcomeKind.InDoubt,
                $"{what} after the message was sent and before the server confirmed it; it may have been delivered ({reason})");
        }

        return new TransportOutcome(TransportOutcomeKind.Transient, $"{what} {Describe(stage)}; nothing was delivered ({reason})");
    }

    /// <summary>Words for a stage, e.g. <c>at RCPT TO</c>.</summary>
    public static string Describe(SmtpTransactionStage stage) => stage switch
    {
        SmtpTransactionStage.Connect => "while connecting",
        SmtpTransactionStage.Greeting => "waiting for the greeting",
        SmtpTransactionStage.Hello => "at EHLO",
        SmtpTransactionStage.StartTls => "at STARTTLS",
        SmtpTransactionStage.Authenticate => "at AUTH",
        SmtpTransactionStage.MailFrom => "at MAIL FROM",
        SmtpTransactionStage.RcptTo => "at RCPT TO",
        SmtpTransactionStage.Data => "at DATA",
        SmtpTransactionStage.MessageContent => "while sending the message",
        SmtpTransactionStage.FinalReply => "after the message",
        _ => "at RSET",
    };
}
