using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>
/// A message made ready for one server's capabilities: rendered once into the client's
/// <see cref="RenderedMessageBuffer"/>, its envelope and MAIL FROM command built; or the refusal that
/// stops it before anything goes out (<see cref="Refusal"/>).
/// </summary>
internal sealed class SmtpPreparedMessage
{
    public SmtpPreparedMessage(OutgoingMessage message, SmtpCapabilities capabilities, List<(MailboxAddress Address, bool IsCc)> envelope)
    {
        Message = message;
        Capabilities = capabilities;
        Envelope = envelope;
    }

    public OutgoingMessage Message { get; }

    /// <summary>The capabilities the MAIL FROM parameters were chosen for.</summary>
    public SmtpCapabilities Capabilities { get; }

    public List<(MailboxAddress Address, bool IsCc)> Envelope { get; }

    /// <summary><c>MAIL FROM:&lt;...&gt; [SIZE=n] [SMTPUTF8 BODY=8BITMIME]</c> with its line end.</summary>
    public string MailCommand { get; set; } = string.Empty;

    /// <summary>Set when the message cannot go to this server at all (nothing was sent).</summary>
    public SmtpSendResult? Refusal { get; set; }

    /// <summary>MAIL FROM, every RCPT TO and DATA in one group, as PIPELINING sends them.</summary>
    public string PipelinedEnvelope()
    {
        var batch = new System.Text.StringBuilder(MailCommand);
        foreach (var (address, _) in Envelope)
        {
            batch.Append("RCPT TO:<").Append(address.LocalPart).Append('@').Append(address.AsciiDomain).Append(">\r\n");
        }

        return batch.Append("DATA\r\n").ToString();
    }
}
