using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tracking;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Sends every delivery of a campaign that is still due, using the RFQ as it was registered in the store.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Resume, "Rfq", SupportsShouldProcess = true)]
[OutputType(typeof(DeliveryResult))]
public sealed class ResumeRfqCommand : RfqSendingCmdlet
{
    /// <summary>The RFQ number; binds from the Number of an Rfq object or the RfqNumber of a result or delivery.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string RfqNumber { get; set; } = string.Empty;

    private readonly HashSet<string> _done = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (!_done.Add(RfqNumber))
        {
            return;
        }

        try
        {
            OpenResumeSession(RfqNumber, IsWhatIf());
        }
        catch (RfqSenderException ex)
        {
            // No store, no such campaign, an RFQ or transport that cannot be used: this number fails, the next goes on.
            WriteError(Error(ex, ErrorIdOf(ex), ex is StoreNotFoundException or CampaignNotFoundException ? CategoryOf(ex) : ErrorCategory.InvalidData, ex is StoreNotFoundException missing ? missing.Location : RfqNumber));
            return;
        }

        SendEverythingDue();
        CompleteProgress();
        if (!IsWhatIf())
        {
            WarnIfUnfinished();
        }
    }
}
