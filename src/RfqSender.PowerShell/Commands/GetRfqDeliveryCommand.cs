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
public sealed class GetRfqDeliveryCommand : RfqCmdlet
{
    /// <summary>The RFQ number; binds from the Number of an Rfq object or the RfqNumber of a result.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Number", "Rfq")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string RfqNumber { get; set; } = string.Empty;

    private const string ListSet = "List";
    private const string SummarySet = "Summary";

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
    public string[]? VendorKey { get; set; }

    /// <summary>The store file; default $env:RFQSENDER_STORE or the user's RfqSender folder.</summary>
    [Parameter]
    public string? StorePath { get; set; }

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
            var file = StoreFile(StorePath);
            if (!File.Exists(file))
            {
                WriteError(Error(
                    new ItemNotFoundException($"There is no store at '{file}'. Name it with -StorePath, or set $env:RFQSENDER_STORE."),
                    "StoreNotFound",
                    ErrorCategory.ObjectNotFound,
                    file));
                return;
            }

            using var store = SqliteDeliveryStore.Open(file, createIfMissing: false);
            var campaigns = store.GetCampaignsAsync(RfqNumber, CancellationToken.None).GetAwaiter().GetResult();
            if (campaigns.Count == 0)
            {
                WriteError(Error(
                    new ItemNotFoundException($"No campaign '{RfqNumber}' in the store '{store.Description}'."),
                    "CampaignNotFound",
                    ErrorCategory.ObjectNotFound,
                    RfqNumber));
                return;
            }

            if (Summary)
            {
                var counts = store.GetCountsByCategoryAsync(RfqNumber, CancellationToken.None).GetAwaiter().GetResult();
                if (campaigns[0].InputIncomplete is string incomplete)
                {
                    WriteWarning($"The vendor input of {RfqNumber} is incomplete: {incomplete}");
                }

                foreach (var row in DeliverySummary.Build(RfqNumber, counts, campaigns[0].Counts, campaigns[0].InputIncomplete))
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
}
