using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Sends an RFQ to vendors from the pipeline or a file, tracking every delivery so a re-run mails only those not yet sent.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Send, "Rfq", SupportsShouldProcess = true, DefaultParameterSetName = RfqPathSet)]
[OutputType(typeof(DeliveryResult))]
public sealed class SendRfqCommand : RfqCmdlet
{
    private const string RfqPathSet = "RfqPath";
    private const string RfqObjectSet = "Rfq";

    private readonly CancellationTokenSource _stop = new();
    private IDeliveryStore? _store;
    private IMessageTransport? _transport;
    private RfqSendSession? _session;
    private StreamingVendorSend? _stream;
    private int _received;
    private int _reported;
    private readonly Dictionary<SendAction, int> _counts = new();

    /// <summary>A vendor: an Import-Csv row, a hashtable, a custom object, or a vendor from Get-RfqVendor.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The RFQ definition file (YAML).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = RfqPathSet)]
    [ValidateNotNullOrEmpty]
    public string RfqPath { get; set; } = string.Empty;

    /// <summary>An RFQ from New-Rfq or Import-Rfq.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RfqObjectSet)]
    public Rfq? Rfq { get; set; }

    /// <summary>A vendor file to send to, instead of (or besides) pipeline input.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? VendorPath { get; set; }

    /// <summary>Only vendors in any of these categories.</summary>
    [Parameter]
    [Alias("Group", "Tag")]
    public string[]? Category { get; set; }

    /// <summary>Deliveries claimed and committed together; pipeline input is sent in batches of this size as it arrives.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>Pause between two messages, in milliseconds.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int DelayMs { get; set; }

    /// <summary>Send at most this many messages in this run; the rest stays queued for the next run.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxMessages { get; set; }

    /// <summary>Skip invalid vendors (each is reported as an error) instead of stopping.</summary>
    [Parameter]
    public SwitchParameter SkipInvalid { get; set; }

    /// <summary>Folder the .eml files are written to; default $env:RFQSENDER_PICKUP or the user's RfqSender outbox.</summary>
    [Parameter]
    public string? PickupFolder { get; set; }

    /// <summary>The store file; default $env:RFQSENDER_STORE or the user's RfqSender folder.</summary>
    [Parameter]
    public string? StorePath { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        try
        {
            var rfq = ParameterSetName == RfqObjectSet ? Rfq! : RfqFileLoader.Load(ResolvePath(RfqPath));
            var options = new SendOptions
            {
                BatchSize = BatchSize,
                DelayMs = DelayMs,
                MaxMessages = MyInvocation.BoundParameters.ContainsKey(nameof(MaxMessages)) ? MaxMessages : null,
            };
            _store = OpenStore(StorePath);
            _transport = new PickupFolderTransport(string.IsNullOrEmpty(PickupFolder) ? RfqSenderDefaults.PickupFolder : ResolvePath(PickupFolder!));
            _session = RfqSendSession.Create(rfq, _store, _transport, options);
            _stream = new StreamingVendorSend(_session, BatchSize, SkipInvalid, new VendorReadOptions { Categories = Category });
        }
        catch (RfqSenderException ex)
        {
            Dispose();
            Fail(ex, ex is RfqDefinitionException ? "RfqDefinitionInvalid" : "SendSetupFailed", ParameterSetName == RfqObjectSet ? Rfq : RfqPath);
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

        if (!_stream.Selects(vendor))
        {
            return;
        }

        Accept(vendor);
        if (_stream.BatchReady)
        {
            Flush(final: false);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_stream is null || _session is null)
        {
            return;
        }

        try
        {
            if (!string.IsNullOrEmpty(VendorPath))
            {
                var read = VendorFileReader.Read(ResolvePath(VendorPath!), new VendorReadOptions { Categories = Category });
                if (read.Errors.Count > 0)
                {
                    Reject(read.Errors, VendorPath);
                }

                foreach (var vendor in read.Vendors)
                {
                    Accept(vendor);
                    if (_stream.BatchReady)
                    {
                        Flush(final: false);
                    }
                }
            }

            Flush(final: true);
            if (_received == 0 && string.IsNullOrEmpty(VendorPath))
            {
                Pump(onResult => _session.SendDueAsync(onResult, _stop.Token));
            }

            WriteProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            if (_stream.Halted)
            {
                var message = $"{_stream.Errors.Count} invalid vendor record(s) stopped the send; {_stream.HeldBack} valid vendor(s) after the first invalid one were not sent. "
                    + "Fix the input and run the same command again: vendors already sent are not mailed twice. Use -SkipInvalid to send the valid vendors anyway.";
                Fail(new VendorInputException(_stream.Errors), "VendorInputInvalid", VendorPath);
                WriteVerbose(message);
            }
        }
        catch (RfqSenderException ex) when (ex is not VendorInputException)
        {
            Fail(ex, "SendFailed", _session.Rfq.Number);
        }
        finally
        {
            Dispose();
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    private string Activity => $"Sending {_session?.Rfq.Number}";

    private void Accept(Vendor vendor)
    {
        if (ShouldProcess($"{vendor.Name} <{string.Join("; ", vendor.To.Select(c => c.Email))}>", $"Send RFQ {_session!.Rfq.Number}"))
        {
            _stream!.Add(vendor);
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

    private void Flush(bool final) => Pump(onResult => _stream!.FlushAsync(final, onResult, _stop.Token));

    private void Pump(Func<Action<DeliveryResult>, Task> work)
    {
        using var pump = new EnginePump<DeliveryResult>();
        try
        {
            pump.Run(() => work(pump.Post), Write);
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        catch (RfqSenderException ex)
        {
            Dispose();
            Fail(ex, "SendFailed", _session!.Rfq.Number);
        }
    }

    private void Write(DeliveryResult result)
    {
        _reported++;
        _counts[result.Action] = _counts.TryGetValue(result.Action, out var n) ? n + 1 : 1;
        WriteProgress(new ProgressRecord(1, Activity, string.Join(", ", _counts.Select(c => $"{c.Value} {c.Key}")))
        {
            CurrentOperation = result.Vendor,
        });
        if (result.IsError)
        {
            WriteError(Error(
                new RfqSenderException($"{result.Vendor} [{result.VendorKey}]: {result.Action}: {result.Detail}"),
                result.Action == SendAction.InDoubt ? "DeliveryInDoubt" : "DeliveryFailed",
                result.Action == SendAction.InDoubt ? ErrorCategory.OperationTimeout : ErrorCategory.InvalidResult,
                result));
        }

        WriteObject(result);
    }

    private void Dispose()
    {
        _transport?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _transport = null;
        _store?.Dispose();
        _store = null;
    }
}
