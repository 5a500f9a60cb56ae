namespace RfqSender.Engine.Reporting;

/// <summary>
/// Everything a buyer's report of one campaign shows, built from the store by <see cref="CampaignReportBuilder"/>
/// and written as HTML, CSV or JSON by <see cref="CampaignReportWriter"/>. Holds no secret and no message body.
/// </summary>
public sealed class CampaignReport
{
    /// <summary>The RFQ number.</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The RFQ's title.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The RFQ's due date.</summary>
    public DateTimeOffset DueDate { get; set; }

    /// <summary>The sender the RFQ went out as.</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>When the report was made (the store's clock).</summary>
    public DateTimeOffset GeneratedAt { get; set; }

    /// <summary>Set when the vendor list was not registered completely (the reason); the report then does not show every vendor.</summary>
    public string? InputIncomplete { get; set; }

    /// <summary>The whole campaign's counts.</summary>
    public ReportCategory Totals { get; set; } = new();

    /// <summary>The counts per vendor category, by name; a vendor of several categories counts in each.</summary>
    public IReadOnlyList<ReportCategory> Categories { get; set; } = Array.Empty<ReportCategory>();

    /// <summary>Every vendor, those that answered first, then by status and name.</summary>
    public IReadOnlyList<ReportVendor> Vendors { get; set; } = Array.Empty<ReportVendor>();

    /// <summary>Each day from the first send to the last send or answer (or today, when sooner).</summary>
    public IReadOnlyList<ReportDay> Days { get; set; } = Array.Empty<ReportDay>();

    /// <summary>The median time from sending to the first answer, of the vendors that answered by mail.</summary>
    public TimeSpan? MedianTimeToAnswer { get; set; }

    /// <summary>The mean time from sending to the first answer.</summary>
    public TimeSpan? MeanTimeToAnswer { get; set; }

    /// <summary>Reminders sent in the campaign, all vendors together.</summary>
    public int RemindersSent => Vendors.Sum(v => v.Reminders);

    /// <summary>Answers, bounces and auto-replies the store holds that match no vendor of any campaign.</summary>
    public int UnmatchedReplies { get; set; }

    /// <summary>The comparison of the vendors' quotes, when quote sheets came back.</summary>
    public Quotes.QuoteComparison? Quotes { get; set; }
}
