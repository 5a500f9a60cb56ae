using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Tracking;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Changes the state of vendors' deliveries by hand: excludes a vendor, queues one again, confirms or resends an in-doubt message, records an answer.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "RfqDelivery", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(DeliveryRecord))]
public sealed class SetRfqDeliveryCommand : RfqStoreCmdlet, IDisposable
{
    private readonly HashSet<string> _campaigns = new(StringComparer.Ordinal);
    private readonly HashSet<string> _missingCampaigns = new(StringComparer.Ordinal);
    private RfqRuntime? _runtime;
    private IDeliveryStore? _store;
    private DeliveryCorrector? _corrector;

    /// <summary>The RFQ number; binds from the RfqNumber of a delivery or a result.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Number")]
    [ArgumentCompleter(typeof(RfqNumberCompleter))]
    [ValidateNotNullOrEmpty]
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The vendors to change, by key; binds from the VendorKey of a delivery or a result.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Key", "VendorId")]
    [ValidateNotNullOrEmpty]
    public string[] VendorKey { get; set; } = Array.Empty<string>();

    /// <summary>The new state: Skipped, Queued, Sent or Responded.</summary>
    [Parameter(Mandatory = true)]
    public DeliveryState State { get; set; }

    /// <summary>Why, recorded with the change beside who made it and when.</summary>
    [Parameter]
    [Alias("Comment")]
    public string? Reason { get; set; }


    /// <summary>Writes each vendor's delivery as it is after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    public void Dispose() => _runtime?.Dispose();

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (DeliveryTransitionRules.WhyNotSettable(State) is string notSettable)
        {
            Fail(new PSArgumentException(notSettable, nameof(State)), "StateNotSettable", ErrorCategory.InvalidArgument, State);
        }

        if (DeliveryCorrector.CheckReason(Reason) is string badReason)
        {
            Fail(new PSArgumentException($"The reason cannot be recorded: {badReason}.", nameof(Reason)), "ReasonInvalid", ErrorCategory.InvalidArgument, Reason);
        }

        _runtime = ForStore();
        try
        {
            _store = _runtime.OpenExistingStore();
        }
        catch (StoreNotFoundException ex)
        {
            ThrowTerminatingError(StoreNotFound(ex.Location)!);
        }
        catch (RfqSenderException ex)
        {
            Fail(ex, "StoreUnavailable", ErrorCategory.ResourceUnavailable, _runtime.StoreDescription);
        }

        _corrector = new DeliveryCorrector(_store!, DeliveryCorrector.CurrentUser);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var store = _store!;
        try
        {
            if (!IsRegistered(store))
            {
                return;
            }

            foreach (var key in VendorKey)
            {
                Correct(key);
            }
        }
        catch (RfqSenderException ex)
        {
            WriteError(Error(ex, "StoreUnavailable", ErrorCategory.ResourceUnavailable, store.Description));
        }
    }

    private bool IsRegistered(IDeliveryStore store)
    {
        if (_campaigns.Contains(RfqNumber))
        {
            return true;
        }

        if (_missingCampaigns.Contains(RfqNumber))
        {
            return false;
        }

        if (store.GetCampaignsAsync(RfqNumber, CancellationToken.None).GetAwaiter().GetResult().Count == 0)
        {
            _missingCampaigns.Add(RfqNumber);
            WriteCampaignNotFound(RfqNumber, store);
            return false;
        }

        _campaigns.Add(RfqNumber);
        return true;
    }

    private void Correct(string key)
    {
        var corrector = _corrector!;
        try
        {
            var plan = corrector.PlanAsync(RfqNumber, key, State, Reason, CancellationToken.None).GetAwaiter().GetResult();
            var current = plan.Current;
            var target = $"{current.VendorKey} ({current.VendorName}) of {current.RfqNumber}";
            if (plan.IsUnchanged)
            {
                WriteVerbose($"{target} is {State} already: nothing to change.");
                if (PassThru)
                {
                    WriteObject(current);
                }

                return;
            }

            if (!ShouldProcess(target, $"Set the delivery state from {current.State} to {State}"))
            {
                return;
            }

            var changed = corrector.ApplyAsync(plan, CancellationToken.None).GetAwaiter().GetResult();
            WriteVerbose($"{target}: {changed.LastChange}");
            if (PassThru)
            {
                WriteObject(changed);
            }
        }
        catch (DeliveryCorrectionException ex)
        {
            var (errorId, category) = ex.Refusal switch
            {
                DeliveryCorrectionRefusal.NotFound => ("DeliveryNotFound", ErrorCategory.ObjectNotFound),
                DeliveryCorrectionRefusal.InFlight => ("DeliveryInFlight", ErrorCategory.ResourceBusy),
                DeliveryCorrectionRefusal.ChangedMeanwhile => ("DeliveryChanged", ErrorCategory.ResourceBusy),
                _ => ("TransitionNotAllowed", ErrorCategory.InvalidOperation),
            };
            WriteError(Error(ex, errorId, category, key));
        }
    }
}
