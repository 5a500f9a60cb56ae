using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Tracking;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Lifts the pause of RFQ campaigns (Suspend-RfqCampaign); it sends nothing: Resume-Rfq sends what is still due.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Resume, "RfqCampaign", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CampaignRecord))]
public sealed class ResumeRfqCampaignCommand : RfqStoreCmdlet
{
    /// <summary>The campaign; binds from the Number of an Rfq object or the RfqNumber of a campaign, result or delivery.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>Writes the campaign as it is after the pause is lifted.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            using var runtime = OpenExistingStore();
            if (runtime is null || !ShouldProcess($"{RfqNumber} in {runtime.StoreDescription}", "Lift the pause of RFQ campaign"))
            {
                return;
            }

            runtime.AuditSource = SuspendRfqCampaignCommand.AuditSource;
            var campaign = runtime.UnpauseCampaignAsync(RfqNumber, null, CancellationToken.None).GetAwaiter().GetResult();
            WriteVerbose($"{campaign.RfqNumber} is not paused; {campaign.Open} delivery(ies) still to do: Resume-Rfq -RfqNumber {campaign.RfqNumber} sends them.");
            if (PassThru)
            {
                WriteObject(campaign);
            }
        }
        catch (CampaignNotFoundException ex)
        {
            WriteError(Error(ex, "CampaignNotFound", ErrorCategory.ObjectNotFound, RfqNumber));
        }
        catch (RfqSenderException ex)
        {
            WriteError(Error(ex, "StoreUnavailable", ErrorCategory.ResourceUnavailable, StorePath ?? StoreConnectionString));
        }
    }
}
