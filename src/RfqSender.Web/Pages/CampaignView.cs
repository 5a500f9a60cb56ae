using RfqSender.Engine.Reporting;
using RfqSender.Engine.Tracking;

namespace RfqSender.Web.Pages;

/// <summary>What the campaign page shows, read for one request.</summary>
public sealed class CampaignView
{
    /// <summary>The campaign with its live counts.</summary>
    public CampaignRecord Campaign { get; set; } = new();

    /// <summary>The overview (response rate, chart, categories), possibly a few seconds old.</summary>
    public CampaignReport Overview { get; set; } = new();

    /// <summary>The page of vendors the filter selects.</summary>
    public DeliveryPage Vendors { get; set; } = null!;

    /// <summary>The filter the page was asked for.</summary>
    public DeliveryPageQuery Query { get; set; } = null!;

    /// <summary>The campaign's categories, for the filter.</summary>
    public IReadOnlyList<string> Categories { get; set; } = Array.Empty<string>();

    /// <summary>The newest audit records of the campaign.</summary>
    public IReadOnlyList<AuditEntry> Audit { get; set; } = Array.Empty<AuditEntry>();
}
