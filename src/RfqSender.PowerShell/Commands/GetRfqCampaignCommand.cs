using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Tracking;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Gets the RFQ campaigns of a store: number, title, due date, counts by state and last activity.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RfqCampaign")]
[OutputType(typeof(CampaignRecord))]
public sealed class GetRfqCampaignCommand : RfqStoreCmdlet
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    /// <summary>Only these campaigns (wildcards allowed); binds from the Number of an Rfq object or the RfqNumber of a result or delivery.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? RfqNumber { get; set; }


    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            using var runtime = OpenExistingStore();
            if (runtime is null)
            {
                return;
            }

            var store = runtime.OpenExistingStore();

            var campaigns = store.GetCampaignsAsync(null, CancellationToken.None).GetAwaiter().GetResult();
            var patterns = RfqNumber ?? new[] { "*" };
            foreach (var pattern in patterns)
            {
                var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
                var matching = campaigns.Where(c => wildcard.IsMatch(c.RfqNumber)).ToList();
                if (matching.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
                {
                    WriteCampaignNotFound(pattern, store);
                }

                foreach (var campaign in matching.Where(c => _written.Add(c.RfqNumber)))
                {
                    WriteObject(campaign);
                }
            }
        }
        catch (RfqSenderException ex)
        {
            WriteError(Error(ex, "StoreUnavailable", ErrorCategory.ResourceUnavailable, StorePath));
        }
    }
}
