namespace RfqSender.Engine.Reporting;

/// <summary>The counts of one vendor category (or of the whole campaign) in a <see cref="CampaignReport"/>.</summary>
public sealed class ReportCategory
{
    /// <summary>The category; <see cref="Tracking.DeliverySummary.AllCategories"/> for the whole campaign, <see cref="Tracking.DeliverySummary.NoCategory"/> for vendors without one.</summary>
    public string Category { get; set; } = string.Empty;

    /// <summary>Vendors in the category.</summary>
    public int Vendors { get; set; }

    /// <summary>Vendors the RFQ reached: answered, silent or away (sent and not bounced).</summary>
    public int Reached => Answered + Silent + Away;

    /// <summary>Vendors that answered.</summary>
    public int Answered { get; set; }

    /// <summary>Vendors sent to that have not answered and are not away.</summary>
    public int Silent { get; set; }

    /// <summary>Vendors away by an out-of-office reply.</summary>
    public int Away { get; set; }

    /// <summary>Vendors whose message bounced.</summary>
    public int Bounced { get; set; }

    /// <summary>Vendors whose message could not be sent.</summary>
    public int Failed { get; set; }

    /// <summary>Vendors whose message may or may not have been sent.</summary>
    public int InDoubt { get; set; }

    /// <summary>Vendors not sent to yet.</summary>
    public int Pending { get; set; }

    /// <summary>Vendors left out by hand.</summary>
    public int Skipped { get; set; }

    /// <summary>The vendors the RFQ went out to: reached, bounced or in doubt.</summary>
    public int Sent => Reached + Bounced + InDoubt;

    /// <summary>Answered of reached (0 to 1); null when none was reached.</summary>
    public double? ResponseRate => Reached == 0 ? null : (double)Answered / Reached;

    internal void Add(VendorStatus status)
    {
        Vendors++;
        switch (status)
        {
            case VendorStatus.Answered: Answered++; break;
            case VendorStatus.Silent: Silent++; break;
            case VendorStatus.Away: Away++; break;
            case VendorStatus.Bounced: Bounced++; break;
            case VendorStatus.Failed: Failed++; break;
            case VendorStatus.InDoubt: InDoubt++; break;
            case VendorStatus.Pending: Pending++; break;
            case VendorStatus.Skipped: Skipped++; break;
        }
    }
}
