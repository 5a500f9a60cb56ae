using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Reporting;

/// <summary>One vendor's line of a <see cref="CampaignReport"/>.</summary>
public sealed class ReportVendor
{
    /// <summary>The vendor's key in the campaign.</summary>
    public string VendorKey { get; set; } = string.Empty;

    /// <summary>The vendor's name.</summary>
    public string VendorName { get; set; } = string.Empty;

    /// <summary>The addresses the RFQ went to.</summary>
    public IReadOnlyList<string> To { get; set; } = TextList.Empty;

    /// <summary>The vendor's categories.</summary>
    public IReadOnlyList<string> Categories { get; set; } = Array.Empty<string>();

    /// <summary>Where the vendor stands.</summary>
    public VendorStatus Status { get; set; }

    /// <summary>The delivery's state in the store.</summary>
    public DeliveryState State { get; set; }

    /// <summary>Send attempts made.</summary>
    public int Attempts { get; set; }

    /// <summary>When the RFQ was accepted by the server.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>Reminders sent to the vendor after the RFQ (Send-RfqReminder).</summary>
    public int Reminders { get; set; }

    /// <summary>When the last reminder went; null when none did.</summary>
    public DateTimeOffset? LastReminderAt { get; set; }

    /// <summary>When the vendor's first answer arrived (null when it answered by other means, recorded by hand).</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>From sending to the first answer.</summary>
    public TimeSpan? TimeToAnswer => SentAt is { } sent && AnsweredAt is { } answered && answered >= sent ? answered - sent : null;

    /// <summary>Replies recorded from the vendor (answers, not auto-replies or bounces).</summary>
    public int Replies { get; set; }

    /// <summary>Files the vendor's replies brought.</summary>
    public int Attachments { get; set; }

    /// <summary>The date an out-of-office reply says the vendor is back, when it says one.</summary>
    public DateTime? AwayUntil { get; set; }

    /// <summary>The vendor's latest quote sheet: "n of m items" quoted, or "needs review"; null when none came back.</summary>
    public string? Quote { get; set; }

    /// <summary>Why it failed or bounced, or what the last change says.</summary>
    public string? Detail { get; set; }
}
