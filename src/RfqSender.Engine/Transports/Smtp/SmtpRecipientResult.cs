using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>The server's answer to RCPT TO for one recipient.</summary>
public sealed class SmtpRecipientResult
{
    /// <summary>Creates a result.</summary>
    public SmtpRecipientResult(MailboxAddress address, bool isCc, SmtpReply? reply)
    {
        Address = address;
        IsCc = isCc;
        Reply = reply;
    }

    /// <summary>The recipient.</summary>
    public MailboxAddress Address { get; }

    /// <summary>True for a Cc recipient, false for a To recipient.</summary>
    public bool IsCc { get; }

    /// <summary>The reply to RCPT TO, or null when the command was never answered.</summary>
    public SmtpReply? Reply { get; }

    /// <summary>True when the server accepted the recipient (2xx).</summary>
    public bool Accepted => Reply?.IsPositiveCompletion == true;

    /// <inheritdoc />
    public override string ToString() => $"{Address.Address}: {(Reply is null ? "no reply" : Reply.ToString())}";
}
