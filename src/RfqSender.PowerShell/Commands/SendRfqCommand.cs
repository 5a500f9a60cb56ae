using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;
using RfqSender.PowerShell.Completion;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Sends an RFQ to vendors from the pipeline or a file, tracking every delivery so a re-run mails only those not yet sent.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Send, "Rfq", SupportsShouldProcess = true, DefaultParameterSetName = RfqPathSet)]
[OutputType(typeof(DeliveryResult))]
public sealed class SendRfqCommand : RfqSendingCmdlet
{
    private const string RfqPathSet = "RfqPath";
    private const string RfqObjectSet = "Rfq";

    private StreamingVendorSend? _stream;
    private bool _whatIf;
    private int _received;

    /// <summary>A vendor: an Import-Csv row, a hashtable, a custom object, or a vendor from Get-RfqVendor.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The RFQ definition file (YAML).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = RfqPathSet)]
    [ValidateNotNullOrEmpty]
    public string RfqPath { get; set; } = string.Empty;

    /// <summary>An RFQ from New-Rfq or Import-Rfq.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RfqObjectSet)]
    [ValidateNotNull]
    public Rfq? Rfq { get; set; }

    /// <summary>A vendor file to send to, instead of (or besides) pipeline input.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? VendorPath { get; set; }

    /// <summary>Only vendors in any of these categories.</summary>
    [Parameter]
    [Alias("Group", "Tag")]
    [ArgumentCompleter(typeof(VendorCategoryCompleter))]
    public string[]? Category { get; set; }

    /// <summary>Skip invalid vendors (each is reported as an error) instead of stopping.</summary>
    [Parameter]
    public SwitchParameter SkipInvalid { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        object? target = ParameterSetName == RfqObjectSet ? Rfq : RfqPath;
        try
        {
            var rfq = ParameterSetName == RfqObjectSet ? Rfq! : RfqFileLoader.Load(ResolvePath(RfqPath));
            target = rfq;
            _whatIf = IsWhatIf();
            OpenSession(rfq, _whatIf);
            _stream = new StreamingVendorSend(Session!, BatchSize, SkipInvalid, new VendorReadOptions { Categories = Category });
        }
        catch (RfqSenderException ex)
        {
            Fail(ex, ErrorIdOf(ex), ErrorCategory.InvalidData, target);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (InputObject is null || _stream is null)
        {
            return;
        }

        _received++;
        Vendor vendor;
        if (InputObject.BaseObject is Vendor given)
        {
            vendor = given;
        }
        else
        {
            var mapped = _stream.Map(PSObjectConverter.ToVendorRecord(InputObject, $"pipeline item {_received}"));
            if (mapped.Vendor is null)
            {
                Reject(mapped.Errors, InputObject);
                return;
            }

            vendor = mapped.Vendor;
        }

        if (_stream.Selects(vendor))
        {
            _stream.Add(vendor);
            if (_stream.BatchReady)
            {
                Flush(final: false);
            }
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_stream is null || Session is null || Store is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(VendorPath))
        {
            VendorFileInput input;
            try
            {
                input = VendorFileInput.Open(ResolvePath(VendorPath!), new VendorReadOptions { Categories = Category }, BatchSize);
            }
            catch (RfqSenderException ex)
            {
                Fail(ex, "VendorFileUnreadable", ErrorCategory.ReadError, VendorPath);
                return;
            }

            if (input.Errors.Count > 0)
            {
                Reject(input.Errors, VendorPath);
            }

            Expected += input.VendorCount;
            foreach (var vendor in input.Vendors())
            {
                _stream.Add(vendor);
                if (_stream.BatchReady)
                {
                    Flush(final: false);
                }
            }
        }

        Flush(final: true);
        if (!MyInvocation.ExpectingInput && string.IsNullOrEmpty(VendorPath))
        {
            SendEverythingDue();
        }

        CompleteProgress();
        if (_stream.Halted)
        {
            var message = $"{_stream.Errors.Count} invalid vendor record(s) stopped the send (each is reported above); "
                + $"{_stream.HeldBack} valid vendor(s) received after the first invalid one were not sent"
                + (Counts.TryGetValue(SendAction.Sent, out var sent) ? $", {sent} sent before it" : string.Empty) + ". "
                + "Fix the input and run the same command again: vendors already sent are not mailed twice. Use -SkipInvalid to send the valid vendors anyway.";
            Fail(new RfqSenderException(message), "VendorInputInvalid", ErrorCategory.InvalidData, _stream.Errors.ToList());
        }
    }

    private void Reject(IReadOnlyList<VendorInputError> errors, object? target)
    {
        _stream!.Reject(errors);
        foreach (var error in errors)
        {
            WriteError(Error(new RfqSenderException(error.ToString()), "VendorInputInvalid", ErrorCategory.InvalidData, target ?? error));
        }
    }

    private void Flush(bool final)
    {
        var batch = _stream!.TakeBatch(final);
        if (batch.Count == 0)
        {
            return;
        }

        List<DeliveryResult> preview;
        try
        {
            preview = Session!.PreviewAsync(batch, StopToken).GetAwaiter().GetResult().ToList();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (RfqSenderException ex)
        {
            Fail(ex, ErrorIdOf(ex), ErrorCategory.InvalidData, batch);
            return;
        }

        var approved = new List<Vendor>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var vendor = batch[i];
            var wouldSend = preview[i].Action == SendAction.WouldSend;
            if (!wouldSend && !_whatIf)
            {
                approved.Add(vendor);
            }
            else if (wouldSend && ShouldProcess($"{vendor.Name} <{string.Join("; ", vendor.To.Select(c => c.Email))}>", $"Send RFQ {Session!.Rfq.Number}"))
            {
                approved.Add(vendor);
            }
        }

        if (approved.Count > 0 && !_whatIf)
        {
            Pump((onResult, token) => Session!.SendVendorsAsync(approved, onResult, token));
        }
    }
}
