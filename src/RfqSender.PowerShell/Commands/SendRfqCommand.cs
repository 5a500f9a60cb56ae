using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Sends an RFQ to vendors from the pipeline or a file, tracking every delivery so a re-run mails only those not yet sent.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Send, "Rfq", SupportsShouldProcess = true, DefaultParameterSetName = RfqPathSet)]
[OutputType(typeof(DeliveryResult))]
public sealed class SendRfqCommand : RfqSendingCmdlet, IDisposable
{
    private const string RfqPathSet = "RfqPath";
    private const string RfqObjectSet = "Rfq";

    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<SendAction, int> _counts = new();
    private SqliteDeliveryStore? _store;
    private IMessageTransport? _transport;
    private RfqSendSession? _session;
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

    private string Activity => $"Sending {_session?.Rfq.Number}";

    /// <inheritdoc />
    public void Dispose()
    {
        _transport?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _transport = null;
        _store?.Dispose();
        _store = null;
        _stop.Dispose();
    }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        object? target = ParameterSetName == RfqObjectSet ? Rfq : RfqPath;
        try
        {
            var rfq = ParameterSetName == RfqObjectSet ? Rfq! : RfqFileLoader.Load(ResolvePath(RfqPath));
            target = rfq;
            var options = new SendOptions
            {
                BatchSize = BatchSize,
                DelayMs = DelayMs,
                MaxMessages = MyInvocation.BoundParameters.ContainsKey(nameof(MaxMessages)) ? MaxMessages : null,
            };
            _whatIf = IsWhatIf();
            var settings = LoadSettings();
            _store = SqliteDeliveryStore.Open(settings.EffectiveStorePath, createIfMissing: !_whatIf);
            _transport = TransportFactory.Create(settings);
            WriteVerbose($"{rfq.Number}: store {_store.Description}; transport {_transport.Description}.");
            _session = RfqSendSession.Create(rfq, _store, _transport, options);
            _stream = new StreamingVendorSend(_session, BatchSize, SkipInvalid, new VendorReadOptions { Categories = Category });
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
        if (_stream is null || _session is null || _store is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(VendorPath))
        {
            VendorReadResult read;
            try
            {
                read = VendorFileReader.Read(ResolvePath(VendorPath!), new VendorReadOptions { Categories = Category });
            }
            catch (RfqSenderException ex)
            {
                Fail(ex, "VendorFileUnreadable", ErrorCategory.ReadError, VendorPath);
                return;
            }

            if (read.Errors.Count > 0)
            {
                Reject(read.Errors, VendorPath);
            }

            foreach (var vendor in read.Vendors)
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

        if (_counts.Count > 0)
        {
            WriteProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        if (_stream.Halted)
        {
            var message = $"{_stream.Errors.Count} invalid vendor record(s) stopped the send (each is reported above); "
                + $"{_stream.HeldBack} valid vendor(s) received after the first invalid one were not sent"
                + (_counts.TryGetValue(SendAction.Sent, out var sent) ? $", {sent} sent before it" : string.Empty) + ". "
                + "Fix the input and run the same command again: vendors already sent are not mailed twice. Use -SkipInvalid to send the valid vendors anyway.";
            Fail(new RfqSenderException(message), "VendorInputInvalid", ErrorCategory.InvalidData, _stream.Errors.ToList());
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _stop.Cancel();

    private static string ErrorIdOf(RfqSenderException exception) => exception switch
    {
        RfqDefinitionException => "RfqDefinitionInvalid",
        SettingsException => "SettingsInvalid",
        TemplateException or TemplateFieldException => "TemplateInvalid",
        AttachmentException => "AttachmentInvalid",
        _ => "SendSetupFailed",
    };

    private void SendEverythingDue()
    {
        var session = _session!;
        var due = _store!.GetDeliveriesAsync(
            new DeliveryQuery(session.Rfq.Number) { States = new[] { DeliveryState.Queued, DeliveryState.Deferred } },
            CancellationToken.None).GetAwaiter().GetResult();
        if (due.Count == 0)
        {
            WriteVerbose($"{session.Rfq.Number}: nothing is due in {_store.Description}.");
            return;
        }

        if (ShouldProcess($"{due.Count} queued or deferred deliveries of {session.Rfq.Number} in {_store.Description}", "Send RFQ"))
        {
            Pump((onResult, token) => session.SendDueAsync(onResult, token));
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
            preview = _session!.PreviewAsync(batch, _stop.Token).GetAwaiter().GetResult().ToList();
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
            else if (wouldSend && ShouldProcess($"{vendor.Name} <{string.Join("; ", vendor.To.Select(c => c.Email))}>", $"Send RFQ {_session!.Rfq.Number}"))
            {
                approved.Add(vendor);
            }
        }

        if (approved.Count > 0 && !_whatIf)
        {
            Pump((onResult, token) => _session!.SendVendorsAsync(approved, onResult, token));
        }
    }

    private void Pump(Func<Action<DeliveryResult>, CancellationToken, Task> work)
    {
        try
        {
            EnginePump.Run(work, Write, _stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (RfqSenderException ex)
        {
            Fail(ex, ErrorIdOf(ex) == "SendSetupFailed" ? "SendFailed" : ErrorIdOf(ex), ErrorCategory.InvalidOperation, _session!.Rfq.Number);
        }
    }

    private void Write(DeliveryResult result)
    {
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

        if (result.UnsentContacts is not null)
        {
            WriteWarning($"{result.Vendor} [{result.VendorKey}] was already sent; contact(s) added since were not mailed: {result.UnsentContacts}. List every contact of a vendor before it is sent (Get-RfqVendor -Path merges rows of the whole file).");
        }

        WriteObject(result);
    }
}
