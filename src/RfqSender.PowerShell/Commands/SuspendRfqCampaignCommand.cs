using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Tracking;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Pauses RFQ campaigns: no sender claims their deliveries until they are resumed; a send under way stops after its current batch.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Suspend, "RfqCampaign", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(CampaignRecord))]
public sealed class SuspendRfqCampaignCommand : RfqStoreCmdlet
{
    /// <summary>The source the module's operator actions are audited as.</summary>
    internal const string AuditSource = "powershell";

    /// <summary>The campaign; binds from the Number of an Rfq object or the RfqNumber of a campaign, result or delivery.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>Why, recorded with the pause beside who paused it and when.</summary>
    [Parameter]
    [Alias("Comment")]
    public string? Reason { get; set; }

    /// <summary>Writes the campaign as it is after the pause.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (DeliveryCorrector.CheckReason(Reason) is string badReason)
        {
            Fail(new PSArgumentException($"The reason cannot be recorded: {badReason}.", nameof(Reason)), "ReasonInvalid", ErrorCategory.InvalidArgument, Reason);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        try
        {
            using var runtime = OpenExistingStore();
            if (runtime is null || !ShouldProcess($"{RfqNumber} in {runtime.StoreDescription}", "Pause RFQ campaign"))
            {
                return;
            }

            runtime.AuditSource = AuditSource;
            var campaign = runtime.PauseCampaignAsync(RfqNumber, null, Reason, CancellationToken.None).GetAwaiter().GetResult();
            WriteVerbose($"{campaign.RfqNumber} paused by {campaign.PausedBy} at {campaign.PausedAt:u}; {campaign.Open} delivery(ies) wait until Resume-RfqCampaign -RfqNumber {campaign.RfqNumber}.");
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
