using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Tracking.Sqlite;
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

        Rfq? rfq;
        try
        {
            using (var lookup = SqliteDeliveryStore.Open(LoadSettings().EffectiveStorePath, createIfMissing: false))
            {
                if (!lookup.Exists)
                {
                    WriteError(Error(new ItemNotFoundException($"There is no store at '{lookup.Description}'."), "StoreNotFound", ErrorCategory.ObjectNotFound, lookup.Description));
                    return;
                }

                rfq = lookup.GetCampaignRfqAsync(RfqNumber, CancellationToken.None).GetAwaiter().GetResult();
                if (rfq is null)
                {
                    WriteError(Error(new ItemNotFoundException($"No campaign '{RfqNumber}' in the store '{lookup.Description}'."), "CampaignNotFound", ErrorCategory.ObjectNotFound, RfqNumber));
                    return;
                }
            }

            OpenSession(rfq, IsWhatIf());
        }
        catch (RfqSenderException ex)
        {
            WriteError(Error(ex, ErrorIdOf(ex), ErrorCategory.InvalidData, RfqNumber));
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
