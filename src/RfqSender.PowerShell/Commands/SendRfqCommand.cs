using System.Management.Automation;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
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
[OutputType(typeof(TestSendResult))]
public sealed class SendRfqCommand : RfqSendingCmdlet
{
    private const string RfqPathSet = "RfqPath";
    private const string RfqObjectSet = "Rfq";

    private StreamingVendorSend? _stream;
    private VendorReadOptions? _readOptions;
    private bool _whatIf;
    private bool _inputBegun;
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
    [DeserializedRfqTransformation]
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

    /// <summary>The -VendorPath file's text encoding (utf8, windows-1252, unicode, ...); detected when not given.</summary>
    [Parameter]
    public string? Encoding { get; set; }

    /// <summary>The -VendorPath file's CSV delimiter (, ; | or tab); detected from the header line when not given.</summary>
    [Parameter]
    public string? Delimiter { get; set; }

    /// <summary>Send the real message of the first vendors to these addresses instead, as a test: nothing is registered and no delivery changes.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TestRecipient { get; set; }

    /// <summary>How many vendors' messages a test send sends (the first ones of the input); default 1.</summary>
    [Parameter]
    [ValidateRange(1, 100)]
    public int TestCount { get; set; } = 1;

    private RfqTestSend? _test;
    private RfqRuntime? _testRuntime;
    private PipelineVendors? _testVendors;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        object? target = ParameterSetName == RfqObjectSet ? Rfq : RfqPath;
        try
        {
            _readOptions = VendorFileOptionNames.Options(Category, Encoding, Delimiter);
            var rfq = ParameterSetName == RfqObjectSet ? Rfq! : RfqFileLoader.Load(ResolvePath(RfqPath));
            target = rfq;
            foreach (var warning in RfqWarnings.Of(rfq, DateTimeOffset.Now))
            {
                WriteWarning(warning);
            }

            _whatIf = IsWhatIf();
            if (TestRecipient is not null || MyInvocation.BoundParameters.ContainsKey(nameof(TestCount)))
            {
                BeginTest(rfq);
                return;
            }

            OpenSession(rfq, _whatIf);

            // A paused campaign: said at once, and nothing of the input is registered or sent.
            if (!_whatIf && WriteIfPaused())
            {
                return;
            }

            _stream = new StreamingVendorSend(Session!, BatchSize, SkipInvalid, _readOptions);
        }
        catch (RfqSenderException ex)
        {
            Fail(ex, ErrorIdOf(ex), ErrorCategory.InvalidData, target);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (_testVendors is not null)
        {
            _testVendors.Add(InputObject);
            return;
        }

        if (InputObject is null || _stream is null)
        {
            return;
        }

        // -InputObject @(a, b) is two vendors, as the same objects from the pipeline are.
        if (InputObject.BaseObject is System.Collections.IEnumerable many and not string and not System.Collections.IDictionary)
        {
            foreach (var item in many)
            {
                if (item is not null)
                {
                    Accept(PSObject.AsPSObject(item));
                }
            }

            return;
        }

        Accept(InputObject);
    }

    /// <inheritdoc />
    protected override string? DescribeUnregisteredInput()
    {
        if (_stream is null || !string.IsNullOrEmpty(VendorPath) || !MyInvocation.ExpectingInput)
        {
            return null;
        }

        return $"{_stream.Pending} vendor(s) received from the pipeline were not registered yet, and input after them was never read: "
            + "the campaign's summary shows its input as incomplete. Run the same command again with the whole input; vendors already sent are not mailed twice.";
    }

    private void Accept(PSObject input)
    {
        _received++;
        var mapped = input.BaseObject is Vendor given
            ? _stream!.Check(given)
            : _stream!.Map(PSObjectConverter.ToVendorRecord(input, $"pipeline item {_received}"));
        if (mapped.Vendor is not { } vendor)
        {
            Reject(mapped.Errors, input);
            return;
        }

        _stream!.Add(vendor);
        if (_stream.BatchReady)
        {
            Flush(final: false);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_test is not null)
        {
            try
            {
                SendTests();
            }
            finally
            {
                _testRuntime?.Dispose();
                _testRuntime = null;
            }

            return;
        }

        if (_stream is null || Session is null || Store is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(VendorPath))
        {
            SendVendorFile(ResolvePath(VendorPath!));
        }

        Flush(final: true);
        if (!_stream.Halted && !_whatIf)
        {
            Session.CompleteInputAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        if (!MyInvocation.ExpectingInput && string.IsNullOrEmpty(VendorPath))
        {
            SendEverythingDue();
        }

        CompleteProgress();
        if (!_whatIf && !_stream.Halted)
        {
            WarnIfUnfinished();
        }

        if (_stream.Halted)
        {
            var message = $"{_stream.Errors.Count} invalid vendor record(s) stopped the send (each is reported above); "
                + $"{_stream.HeldBack} valid vendor(s) held back from the first invalid one on were not sent"
                + (Counts.TryGetValue(SendAction.Sent, out var sent) ? $", {sent} sent before it" : string.Empty) + ". "
                + "Fix the input and run the same command again: vendors already sent are not mailed twice. Use -SkipInvalid to send the valid vendors anyway.";
            Fail(new RfqSenderException(message), "VendorInputInvalid", ErrorCategory.InvalidData, _stream.Errors.ToList());
        }
    }

    /// <summary>
    /// A vendor file: every row and every vendor checked against the templates first, then the
    /// whole file registered, then sent batch by batch, so a run stopped part way leaves all of the
    /// file's vendors due and none unknown to the campaign.
    /// </summary>
    private void SendVendorFile(string path)
    {
        var templates = Prepared!.Templates;
        VendorFileInput input;
        try
        {
            input = RfqRuntime.CheckVendorFile(Prepared, path, _readOptions, BatchSize);
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

        if (input.ProblemCount > 0)
        {
            Fail(
                new RfqSenderException($"The templates of {Session!.Rfq.Number} cannot be rendered for every vendor of {path}; nothing was sent:{System.Environment.NewLine}{ProblemList.Lines(input.Problems, input.ProblemCount)}"),
                "TemplateInvalid",
                ErrorCategory.InvalidData,
                path);
        }

        foreach (var warning in templates.CheckEmptyFields(input.Vendors()))
        {
            WriteWarning(warning.Message);
        }

        if (input.CategoryWarning(path, _readOptions) is { } none)
        {
            WriteWarning(none);
        }

        Expected += input.VendorCount;
        if (_whatIf || _stream!.Halted)
        {
            // Previewed (or only counted while the input is invalid) as pipeline input is.
            foreach (var vendor in input.Vendors())
            {
                _stream!.Add(vendor);
                if (_stream.BatchReady)
                {
                    Flush(final: false);
                }
            }

            return;
        }

        Flush(final: true);
        RunEngine(() => Session!.RegisterAllAsync(input.Batches(), $"Send-Rfq -VendorPath {path}", StopToken), ErrorCategory.InvalidData);
        foreach (var batch in input.Batches())
        {
            SendBatch(batch, registered: true);
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

        if (!_whatIf && !_inputBegun)
        {
            _inputBegun = true;
            RunEngine(() => Session!.BeginInputAsync(string.IsNullOrEmpty(VendorPath) ? "Send-Rfq (pipeline input)" : "Send-Rfq", StopToken), ErrorCategory.InvalidData);
        }

        SendBatch(batch, registered: false);
    }

    private void SendBatch(IReadOnlyList<Vendor> batch, bool registered)
    {
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

        // Results come in input order: the vendors approved before a declined one are sent before its
        // result is written.
        var approved = new List<Vendor>(batch.Count);
        void SendApproved()
        {
            if (approved.Count > 0 && !_whatIf)
            {
                var vendors = approved.ToList();
                Pump((onResult, token) => registered
                    ? Session!.SendRegisteredVendorsAsync(vendors, onResult, token)
                    : Session!.SendVendorsAsync(vendors, onResult, token));
            }

            approved.Clear();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var vendor = batch[i];
            var wouldSend = preview[i].Action == SendAction.WouldSend;
            if (!wouldSend && !_whatIf)
            {
                approved.Add(vendor);
            }
            else if (wouldSend && ShouldProcess(Describe(vendor), $"Send RFQ {Session!.Rfq.Number}"))
            {
                approved.Add(vendor);
            }
            else if (wouldSend && !_whatIf)
            {
                SendApproved();
                var declined = preview[i];
                declined.Action = SendAction.NotSent;
                declined.Detail = "not sent: declined at the confirmation prompt" + (registered ? "; it stays Queued for a later run" : string.Empty);
                WriteObject(declined);
            }
        }

        SendApproved();
    }

    /// <summary>
    /// -TestRecipient: no store is opened and nothing is registered; the vendors are only read, and
    /// parameters that concern the store or the pacing of a campaign are refused rather than ignored.
    /// </summary>
    private void BeginTest(Rfq rfq)
    {
        if (TestRecipient is null)
        {
            Fail(new ArgumentException("-TestCount belongs to a test send: give -TestRecipient too."), "TestRecipientMissing", ErrorCategory.InvalidArgument, null);
        }

        var conflicting = new[]
        {
            nameof(BatchSize), nameof(DelayMs), nameof(MaxMessages), nameof(Concurrency), nameof(RatePerMinute), nameof(RatePerDay),
            nameof(RateLimitPreset), nameof(RetryCount), nameof(InDoubt), nameof(RetryFailed), nameof(AllowChangedRfq), nameof(StorePath), nameof(StoreConnectionString), nameof(StoreCredential),
            nameof(Cc), nameof(Bcc),
        }.Where(MyInvocation.BoundParameters.ContainsKey).ToList();
        if (conflicting.Count > 0)
        {
            Fail(
                new ArgumentException($"-TestRecipient sends test messages without a store or a campaign's pacing; {string.Join(", ", conflicting.Select(c => "-" + c))} would not apply: remove it."),
                "TestParameterConflict",
                ErrorCategory.InvalidArgument,
                null);
        }

        if (!MyInvocation.ExpectingInput && string.IsNullOrEmpty(VendorPath) && InputObject is null)
        {
            Fail(new ArgumentException("A test send needs vendors, whose messages it sends to the test recipients: pipe them in or name a file with -VendorPath."), "VendorMissing", ErrorCategory.InvalidArgument, null);
        }

        _testRuntime = RfqRuntime.Create(LoadSettings());
        if (!string.IsNullOrWhiteSpace(From))
        {
            // The test shows the message as the run would send it: from -From, with the vendor's own files.
            rfq = rfq.WithFrom(Engine.Messages.MailboxAddressList.ParseOne(From!, "-From"));
        }

        _test = _testRuntime.StartTestSend(rfq, TestRecipient!, VendorAttachmentField);
        _testVendors = new PipelineVendors(_readOptions ?? new VendorReadOptions { Categories = Category });
        WriteVerbose($"{rfq.Number}: test send to {string.Join("; ", _test.Recipients)} through {_testRuntime.TransportDescription}; no store is used.");
    }

    private void SendTests()
    {
        var read = _testVendors!.Build();
        var vendors = read.Vendors.ToList();
        var errors = read.Errors.ToList();
        if (!string.IsNullOrEmpty(VendorPath))
        {
            var file = ResolvePath(VendorPath!);
            try
            {
                var fromFile = VendorFileReader.Read(file, _readOptions ?? new VendorReadOptions { Categories = Category });
                vendors.AddRange(fromFile.Vendors);
                errors.AddRange(fromFile.Errors);
            }
            catch (RfqSenderException ex)
            {
                Fail(ex, "VendorFileUnreadable", ErrorCategory.ReadError, VendorPath);
            }
        }

        foreach (var error in errors)
        {
            WriteError(Error(new RfqSenderException(error.ToString()), "VendorInputInvalid", ErrorCategory.InvalidData, error));
        }

        if (errors.Count > 0 && !SkipInvalid)
        {
            Fail(new RfqSenderException($"{errors.Count} invalid vendor record(s); no test message was sent. Fix them, or use -SkipInvalid."), "VendorInputInvalid", ErrorCategory.InvalidData, errors);
        }

        var chosen = vendors.Take(TestCount).ToList();
        if (vendors.Count > chosen.Count)
        {
            WriteVerbose($"{vendors.Count - chosen.Count} more vendor(s) of the input were not test-sent (-TestCount {TestCount}).");
        }

        var problems = _test!.Validate(chosen);
        if (problems.Count > 0)
        {
            Fail(new RfqSenderException($"The templates of {_test.Rfq.Number} cannot be rendered: {string.Join("; ", problems)}; no test message was sent."), "TemplateInvalid", ErrorCategory.InvalidData, chosen);
        }

        var to = string.Join("; ", _test.Recipients.Select(r => r.Address));
        foreach (var vendor in chosen)
        {
            if (!ShouldProcess($"the message of {vendor.Name} [{vendor.Key}], to {to} instead of the vendor", $"Send test message of RFQ {_test.Rfq.Number}"))
            {
                continue;
            }

            TestSendResult? result = null;
            RunEngine(async () => result = await _test.SendAsync(vendor, StopToken).ConfigureAwait(false), ErrorCategory.ConnectionError);
            if (!result!.Sent)
            {
                WriteError(Error(
                    new RfqSenderException($"The test message of {vendor.Name} [{vendor.Key}] to {to} was not sent ({result.Outcome}): {result.Detail}"),
                    "TestSendFailed",
                    ErrorCategory.InvalidResult,
                    result));
            }

            WriteObject(result);
        }
    }

    private static string Describe(Vendor vendor)
    {
        var to = string.Join("; ", vendor.To.Select(c => c.Email));
        var cc = string.Join("; ", vendor.Cc.Select(c => c.Email));
        return $"{vendor.Name} [{vendor.Key}] <{to}>" + (cc.Length > 0 ? $" (Cc: {cc})" : string.Empty);
    }
}
