namespace RfqSender.Engine.Tests.Transports.Smtp;

/// <summary>A message the fault server received: the envelope it accepted and the content.</summary>
public sealed record FaultSmtpMessage(string From, IReadOnlyList<string> Recipients, string Content)
{
    /// <summary>When the server accepted the message (its final dot), by this machine's clock.</summary>
    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The Message-ID header's value, without angle brackets.</summary>
    public string MessageId =>
        System.Text.RegularExpressions.Regex.Match(Content, "^Message-ID: <([^>]+)>", System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.IgnoreCase).Groups[1].Value;
}
