using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Tracking;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets the delivery state of each vendor of an RFQ campaign from the store.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RfqDelivery", DefaultParameterSetName = ListSet)]
[OutputType(typeof(DeliveryRecord), ParameterSetName = new[] { ListSet })]
[OutputType(typeof(DeliverySummary), ParameterSetName = new[] { SummarySet })]
[OutputType(typeof(DeliveryChange), typeof(DeliveryAttempt), typeof(ReminderAttempt), ParameterSetName = new[] { HistorySet })]
public sealed class GetRfqDeliveryCommand : RfqStoreCmdlet
{
    /// <summary>
    /// The RFQ number; binds from the Number of an Rfq object or the RfqNumber of a result. Without it
    /// the cmdlet names the campaigns of the store in an error (Get-RfqCampaign lists them).
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Number", "Rfq")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string RfqNumber { get; set; } = string.Empty;

    private const string ListSet = "List";
    private const string SummarySet = "Summary";
    private const string HistorySet = "History";

    /// <summary>Counts by state: one row for the whole campaign, then one per vendor category.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SummarySet)]
    public SwitchParameter Summary { get; set; }

    /// <summary>Only deliveries in these states.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public DeliveryState[]? State { get; set; }

    /// <summary>Only vendors in any of these categories.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Alias("Group", "Tag")]
    [ArgumentCompleter(typeof(VendorCategoryCompleter))]
    public string[]? Category { get; set; }

    /// <summary>Only these vendors (by key).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = HistorySet)]
    public string[]? VendorKey { get; set; }

    /// <summary>The changes made by hand (Set-RfqDelivery) to the campaign's deliveries, oldest first: who, when, why.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HistorySet)]
    public SwitchParameter History { get; set; }

    /// <summary>
    /// With -History: also every recorded send attempt (DeliveryAttempt: number, state, time, sender, the server's
    /// reply) and reminder attempt (ReminderAttempt), merged with the changes in time order. Attempts made before
    /// the store kept them are not listed.
    /// </summary>
    [Parameter(ParameterSetName = HistorySet)]
    public SwitchParameter IncludeAttempts { get; set; }

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!_seen.Add(RfqNumber))
        {
            return;
        }

        try
        {
            using var runtime = OpenExistingStore();
            if (runtime is null)
            {
                return;
            }

            var store = runtime.OpenExistingStore();

            if (string.IsNullOrEmpty(RfqNumber))
            {
                WriteRfqNumberRequired(store);
                return;
            }

            var campaigns = store.GetCampaignsAsync(RfqNumber, CancellationToken.None).GetAwaiter().GetResult();
            if (campaigns.Count == 0)
            {
                WriteCampaignNotFound(RfqNumber, store);
                return;
            }

            if (History)
            {
                var changes = store.GetChangesAsync(RfqNumber, VendorKey, CancellationToken.None).GetAwaiter().GetResult();
                if (!IncludeAttempts)
                {
                    foreach (var change in changes)
                    {
                        WriteObject(change);
                    }

                    return;
                }

                // One list in time order; at the same time, changes, then attempts, then reminders, each in its own order.
                var sends = runtime.GetDeliveryAttemptsAsync(RfqNumber, VendorKey, CancellationToken.None).GetAwaiter().GetResult();
                var reminders = runtime.GetReminderAttemptsAsync(RfqNumber, VendorKey, CancellationToken.None).GetAwaiter().GetResult();
                var entries = changes.Select((c, i) => (At: c.ChangedAt, Kind: 0, Index: i, Item: (object)c))
                    .Concat(sends.Select((a, i) => (At: a.At, Kind: 1, Index: i, Item: (object)a)))
                    .Concat(reminders.Select((r, i) => (At: r.At, Kind: 2, Index: i, Item: (object)r)))
                    .OrderBy(e => e.At).ThenBy(e => e.Kind).ThenBy(e => e.Index);
                foreach (var entry in entries)
                {
                    WriteObject(entry.Item);
                }

                return;
            }

            if (Summary)
            {
                if (campaigns[0].InputIncomplete is string incomplete)
                {
                    WriteWarning($"The vendor input of {RfqNumber} is incomplete: {incomplete}");
                }

                foreach (var row in runtime.GetSummaryAsync(RfqNumber, CancellationToken.None).GetAwaiter().GetResult())
                {
                    WriteObject(row);
                }

                return;
            }

            var query = new DeliveryQuery(RfqNumber) { States = State, Categories = Category, VendorKeys = VendorKey };
            foreach (var record in store.GetDeliveriesAsync(query, CancellationToken.None).GetAwaiter().GetResult())
            {
                WriteObject(record);
            }
        }
        catch (RfqSenderException ex)
        {
            WriteError(Error(ex, "StoreUnavailable", ErrorCategory.ResourceUnavailable, StorePath));
        }
    }

    private void WriteRfqNumberRequired(IDeliveryReader store)
    {
        const int Named = 10;
        var campaigns = store.GetCampaignsAsync(null, CancellationToken.None).GetAwaiter().GetResult();
        var held = campaigns.Count == 0
            ? $"The store '{store.Description}' holds no campaign yet."
            : $"The store '{store.Description}' holds {campaigns.Count} campaign(s): "
                + string.Join(", ", campaigns.Take(Named).Select(c => c.RfqNumber))
                + (campaigns.Count > Named ? ", ..." : string.Empty)
                + ". Get-RfqCampaign lists them with their counts.";
        WriteError(Error(
            new PSArgumentException($"Name the campaign with -RfqNumber (or pipe RFQ objects or campaigns). {held}", nameof(RfqNumber)),
            "RfqNumberRequired",
            ErrorCategory.InvalidArgument,
            store.Description));
    }
}
