namespace RfqSender.Engine.Rfqs;

/// <summary>
/// The templates of the reminders of an RFQ (the <c>reminder:</c> section of its file: <c>subject</c>,
/// <c>body</c>, <c>bodyHtml</c>), with the same fields as the RFQ's own templates. A template left out is
/// made for the vendor: the subject as "Reminder: " and the RFQ's subject, a short text body naming the
/// RFQ and its due date.
/// </summary>
public sealed class RfqReminderTemplates
{
    /// <summary>Creates the templates; null leaves one to the default.</summary>
    public RfqReminderTemplates(string? subject, string? body, string? bodyHtml)
    {
        Subject = subject;
        Body = body;
        BodyHtml = bodyHtml;
    }

    /// <summary>The subject template, or null for "Reminder: " and the RFQ's subject.</summary>
    public string? Subject { get; }

    /// <summary>The plain-text body template, or null.</summary>
    public string? Body { get; }

    /// <summary>The HTML body template, or null.</summary>
    public string? BodyHtml { get; }

    /// <summary>True when no template is given (every part is the default).</summary>
    public bool IsEmpty => Subject is null && Body is null && BodyHtml is null;
}
