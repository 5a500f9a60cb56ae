using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Tracking;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Assigns a reply that no delivery matched to a vendor by hand: the vendor's delivery then counts it (a reply sets it to Responded), recorded with who assigned it, when and why.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "RfqReply", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(InboundRecord))]
public sealed class SetRfqReplyCommand : RfqStoreCmdlet
{
    /// <summary>The reply, by the Id the store gave it; binds from the Id of Get-RfqReply's output.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("ReplyId")]
    public long Id { get; set; }

    /// <summary>The campaign of the vendor it belongs to.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The vendor it belongs to, by key.</summary>
    [Parameter(Mandatory = true, Position = 2)]
    [Alias("Key", "VendorId")]
    [ValidateNotNullOrEmpty]
    public string VendorKey { get; set; } = string.Empty;

    /// <summary>Why, recorded with the assignment beside who made it and when.</summary>
    [Parameter]
    [Alias("Comment")]
    public string? Reason { get; set; }

    /// <summary>Writes the reply as it is after the assignment.</summary>
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
            if (runtime is null || !ShouldProcess($"reply #{Id}", $"Assign to {VendorKey} of {RfqNumber}"))
            {
                return;
            }

            var assigned = runtime.AssignReplyAsync(Id, RfqNumber, VendorKey, Reason, null, CancellationToken.None).GetAwaiter().GetResult();
            WriteVerbose($"reply #{Id} assigned to {assigned.VendorKey} ({assigned.VendorName}) of {assigned.RfqNumber}" + (assigned.ChangedTo is DeliveryState to ? $": {assigned.ChangedFrom} to {to}" : ": its state is unchanged"));
            if (PassThru)
            {
                WriteObject(assigned);
            }
        }
        catch (DeliveryCorrectionException ex)
        {
            WriteError(Error(ex, "DeliveryNotFound", ErrorCategory.ObjectNotFound, VendorKey));
        }
        catch (RfqSenderException ex)
        {
            WriteError(Error(ex, ex.Kind == FailureKind.InvalidInput ? "ReplyNotAssignable" : "StoreUnavailable", ex.Kind == FailureKind.InvalidInput ? ErrorCategory.InvalidOperation : ErrorCategory.ResourceUnavailable, Id));
        }
    }
}
