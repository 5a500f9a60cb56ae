using RfqSender.Engine.Rfqs;

namespace RfqSender.Engine.Tracking;

/// <summary>
/// The read side of a store: campaigns, deliveries, counts and history, for queries, reports and a
/// status page. Nothing here changes the store; a store that does not exist yet reads as empty.
/// </summary>
public interface IDeliveryReader
{
    /// <summary>Where the store lives (a file path or a server and database); never holds a secret.</summary>
    string Description { get; }

    /// <summary>True when the store exists; one opened without creating it reads as empty and refuses writes until then.</summary>
    bool Exists { get; }

    /// <summary>The RFQ a campaign was registered with (the one a resume sends); null when the campaign is unknown.</summary>
    Task<Rfq?> GetCampaignRfqAsync(string rfqNumber, CancellationToken cancellationToken);

    /// <summary>The version of the campaign's RFQ and how many vendors may have received it; null when the campaign is unknown.</summary>
    Task<CampaignVersion?> GetCampaignVersionAsync(string rfqNumber, CancellationToken cancellationToken);

    /// <summary>Registered campaigns with their counts by state and last activity; one campaign when a number is given.</summary>
    Task<IReadOnlyList<CampaignRecord>> GetCampaignsAsync(string? rfqNumber, CancellationToken cancellationToken);

    /// <summary>Deliveries of a campaign matching the query, in registration order.</summary>
    Task<IReadOnlyList<DeliveryRecord>> GetDeliveriesAsync(DeliveryQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// One page of a campaign's deliveries matching the query, in registration order, filled as
    /// <see cref="GetDeliveriesAsync"/> fills them, with how many match in all. Reads only the page's rows.
    /// </summary>
    Task<DeliveryPage> GetDeliveryPageAsync(DeliveryPageQuery query, CancellationToken cancellationToken);

    /// <summary>The recorded operator actions (<see cref="AuditEntry"/>) of one campaign, or of all when <paramref name="rfqNumber"/> is null, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string? rfqNumber, int limit, CancellationToken cancellationToken);

    /// <summary>The vendor categories of one campaign, or of every campaign when <paramref name="rfqNumber"/> is null, sorted.</summary>
    Task<IReadOnlyList<string>> GetCategoriesAsync(string? rfqNumber, CancellationToken cancellationToken);

    /// <summary>Delivery counts of a campaign by category and state.</summary>
    Task<IReadOnlyList<(string Category, DeliveryState State, int Count)>> GetCountsByCategoryAsync(string rfqNumber, CancellationToken cancellationToken);

    /// <summary>The recorded changes of a campaign's deliveries (of these vendors, when given), oldest first.</summary>
    Task<IReadOnlyList<DeliveryChange>> GetChangesAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken);

    /// <summary>The recorded reminder attempts of a campaign's deliveries, oldest first.</summary>
    Task<IReadOnlyList<ReminderAttempt>> GetReminderAttemptsAsync(string rfqNumber, CancellationToken cancellationToken);

    /// <summary>
    /// The recorded reminder attempts of a campaign's deliveries to these vendors (keys compared without
    /// regard to case; every vendor's when <paramref name="vendorKeys"/> is null), oldest first. Reads only
    /// those vendors' rows.
    /// </summary>
    Task<IReadOnlyList<ReminderAttempt>> GetReminderAttemptsAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken);

    /// <summary>
    /// The recorded send attempts of the RFQ to a campaign's vendors (these, keys compared without regard
    /// to case, or all when <paramref name="vendorKeys"/> is null), oldest first: one per completed attempt
    /// and per stopped sender's claim taken over as InDoubt, by time; reminders are in
    /// <see cref="GetReminderAttemptsAsync(string, IReadOnlyCollection{string}?, CancellationToken)"/>.
    /// Deliveries completed before the store kept attempts have none.
    /// </summary>
    Task<IReadOnlyList<DeliveryAttempt>> GetDeliveryAttemptsAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken);
}
