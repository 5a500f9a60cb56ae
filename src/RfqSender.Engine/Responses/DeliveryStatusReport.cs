namespace RfqSender.Engine.Responses;

/// <summary>
/// A bounce as read: the reporting server, each recipient's action and status, and the Message-ID
/// of the message that bounced (recovered from the returned message or headers, or the text).
/// </summary>
public sealed class DeliveryStatusReport
{
    /// <summary>Where the recipients and status codes were read from.</summary>
    public DeliveryReportSource Source { get; init; }

    /// <summary>The server that wrote the report (<c>Reporting-MTA</c>, its type removed), or null.</summary>
    public string? ReportingMta { get; init; }

    /// <summary><c>Original-Envelope-Id</c> (the ENVID the message was submitted with), or null.</summary>
    public string? OriginalEnvelopeId { get; init; }

    /// <summary><c>Arrival-Date</c>, or null.</summary>
    public DateTimeOffset? ArrivalDate { get; init; }

    /// <summary>The recipients the report is about, in its order.</summary>
    public IReadOnlyList<DeliveryStatusRecipient> Recipients { get; init; } = Array.Empty<DeliveryStatusRecipient>();

    /// <summary>The Message-ID (without angle brackets) of the message that bounced, or null when it could not be recovered.</summary>
    public string? OriginalMessageId { get; init; }

    /// <summary>The subject of the message that bounced, when its headers came back; or null.</summary>
    public string? OriginalSubject { get; init; }

    /// <summary>The gravest severity among the recipients: permanent beats transient beats none.</summary>
    public BounceSeverity Severity => Recipients.Count == 0
        ? BounceSeverity.None
        : Recipients.Max(r => r.Severity);

    /// <summary>The recipient whose severity is the report's (the first such), or null when there are none.</summary>
    public DeliveryStatusRecipient? MostSevere => Recipients.FirstOrDefault(r => r.Severity == Severity);

    /// <summary>Copies the report with the Message-ID and subject of the returned message filled in where it has none.</summary>
    internal DeliveryStatusReport WithOriginal(string? messageId, string? subject) => new()
    {
        Source = Source,
        ReportingMta = ReportingMta,
        OriginalEnvelopeId = OriginalEnvelopeId,
        ArrivalDate = ArrivalDate,
        Recipients = Recipients,
        OriginalMessageId = OriginalMessageId ?? messageId,
        OriginalSubject = OriginalSubject ?? subject,
    };

    /// <summary>The severity and each recipient.</summary>
    public override string ToString() => $"{Severity}: {string.Join("; ", Recipients)}";
}
