namespace RfqSender.Engine.Responses;

/// <summary>Where the recipients and status codes of a bounce were read from.</summary>
public enum DeliveryReportSource
{
    /// <summary>A machine-readable <c>message/delivery-status</c> part (RFC 3464), usually inside a multipart/report.</summary>
    DeliveryStatusPart,

    /// <summary>The text of an Exchange non-delivery report that carries no such part.</summary>
    ExchangeText,

    /// <summary>The text of a mailer-daemon notice (Postfix, qmail, Exim style) that carries no such part.</summary>
    MailerDaemonText,
}
