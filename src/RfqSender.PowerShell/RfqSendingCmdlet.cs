using System.Diagnostics;
using System.Management.Automation;
using System.Security;
using RfqSender.Engine;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Templates;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Transports.Smtp;

namespace RfqSender.PowerShell;

/// <summary>
/// The parameters of cmdlets that send: how a run is paced, where the store is, and (from
/// <see cref="RfqTransportCmdlet"/>) how messages leave. Values come from rfqsender.yaml and
/// RFQSENDER_* variables unless a parameter says otherwise.
/// </summary>
public abstract class RfqSendingCmdlet : RfqTransportCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<SendAction, int> _counts = new();
    private readonly Stopwatch _elapsed = new();
    private RfqRuntime? _runtime;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);
    private int _reported;
    private TimeSpan _lastProgress;
    private bool _recoveryWarned;
    private bool _stopTold;
    private bool _pauseReported;

    /// <summary>Deliveries claimed and committed together; pipeline input is sent in batches of this size as it arrives.</summary>
    [Parameter]
    [ValidateRange(1, 10000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>Pause between two messages on one connection, in milliseconds.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int DelayMs { get; set; }

    /// <summary>Send at most this many messages in this run; the rest stays queued for the next run.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxMessages { get; set; }

    /// <summary>Messages sent at the same time (SMTP connections).</summary>
    [Parameter]
    [ValidateRange(1, 32)]
    public int Concurrency { get; set; } = 1;

    /// <summary>At most this many messages in any 60 seconds.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int RatePerMinute { get; set; }

    /// <summary>At most this many recipients in any 24 hours, counting earlier runs.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int RatePerDay { get; set; }

    /// <summary>The limits of a known provider: ExchangeOnline is 30 messages a minute and 10,000 recipients a day.</summary>
    [Parameter]
    public RateLimitPreset RateLimitPreset { get; set; }

    /// <summary>Retries of a transient failure within the run before the delivery is deferred.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int RetryCount { get; set; } = 2;

    /// <summary>Skip (default) leaves deliveries whose fate is unknown for you to decide; Resend sends them again.</summary>
    [Parameter]
    public InDoubtPolicy InDoubt { get; set; }

    /// <summary>Put failed deliveries back in the queue and try them again.</summary>
    [Parameter]
    public SwitchParameter RetryFailed { get; set; }

    /// <summary>Send the RFQ although it changed since earlier vendors of the campaign received it; a new version is recorded.</summary>
    [Parameter]
    public SwitchParameter AllowChangedRfq { get; set; }

    /// <summary>Send from this address instead of the RFQ's From, for this run (the RFQ counts as changed for vendors who got it from the earlier sender).</summary>
    [Parameter]
    public string? From { get; set; }

    /// <summary>Also send every message to these addresses as Cc (an archive copy the vendor sees).</summary>
    [Parameter]
    public string[]? Cc { get; set; }

    /// <summary>Also send every message to these addresses unseen (Bcc, an archive copy; SMTP and Graph).</summary>
    [Parameter]
    public string[]? Bcc { get; set; }

    /// <summary>A vendor column holding files that vendor gets besides the RFQ's attachments (paths separated by ;).</summary>
    [Parameter]
    public string? VendorAttachmentField { get; set; }

    /// <summary>The SQLite store file; default from settings, $env:RFQSENDER_STORE, or the user's RfqSender folder.</summary>
    [Parameter]
    public string? StorePath { get; set; }

    /// <summary>A PostgreSQL store shared by several senders: its connection string (Host=...;Database=...;Username=...); default from settings or $env:RFQSENDER_STORE_CONNECTION.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StoreConnectionString { get; set; }

    /// <summary>The PostgreSQL user and password, over the connection string's; default $env:RFQSENDER_STORE_PASSWORD.</summary>
    [Parameter]
    [Credential]
    public PSCredential? StoreCredential { get; set; }

    /// <summary>Write pickup files as drafts (X-Unsent: 1) that Outlook opens for review and sending (Pickup).</summary>
    [Parameter]
    public SwitchParameter Draft { get; set; }

    /// <summary>Append one JSON line per delivery event (sent, deferred, failed, in doubt, ...) to this file, for a runbook's log collector.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogPath { get; set; }

    /// <summary>The store of this run, once opened.</summary>
    protected IDeliveryStore? Store { get; private set; }

    /// <summary>The RFQ of this run as prepared (templates parsed, attachments encoded), once the session is open.</summary>
    protected PreparedRfq? Prepared { get; private set; }

    /// <summary>The engine's operations for this run: its store and transports, once opened.</summary>
    protected RfqRuntime? Runtime => _runtime;

    /// <summary>The session of this run, once created.</summary>
    protected RfqSendSession? Session { get; private set; }

    /// <summary>Deliveries this run expects to handle, for progress; 0 when unknown.</summary>
    protected int Expected { get; set; }

    /// <summary>How many results this run wrote, by action.</summary>
    protected IReadOnlyDictionary<SendAction, int> Counts => _counts;

    /// <summary>Stopped by Ctrl+C.</summary>
    protected CancellationToken StopToken => _stop.Token;

    /// <inheritdoc />
    public void Dispose()
    {
        CloseSession();
        _stop.Dispose();
    }

    /// <summary>Opens the store and the transports and creates the session (the store is not created under -WhatIf).</summary>
    protected void OpenSession(Rfq rfq, bool whatIf)
    {
        var options = BeginSession();
        if (!string.IsNullOrWhiteSpace(From))
        {
            rfq = rfq.WithFrom(MailboxAddressList.ParseOne(From!, "-From"));
        }

        Prepared = PreparedRfq.Prepare(rfq, options);
        Session = _runtime!.StartSend(Prepared, whatIf);
        OpenedSession(whatIf);
    }

    /// <summary>Opens a campaign by number with the RFQ as the store registered it, and creates its session.</summary>
    /// <exception cref="RfqSenderException">No store, no such campaign, or the RFQ or transport is invalid.</exception>
    protected void OpenResumeSession(string rfqNumber, bool whatIf)
    {
        var options = BeginSession();
        var from = string.IsNullOrWhiteSpace(From) ? null : MailboxAddressList.ParseOne(From!, "-From");
        Session = _runtime!.StartResumeAsync(rfqNumber, options, from, whatIf, CancellationToken.None).GetAwaiter().GetResult();
        OpenedSession(whatIf);
    }

    /// <summary>
    /// Opens a campaign by number for a reminder run: the RFQ as the store registered it, or <paramref name="rfq"/>
    /// (its file, for reminder templates added since), and creates its session.
    /// </summary>
    /// <exception cref="RfqSenderException">No store, no such campaign, another RFQ, or the RFQ or transport is invalid.</exception>
    protected void OpenRemindSession(string rfqNumber, Rfq? rfq, bool whatIf)
    {
        var options = BeginSession();
        var from = string.IsNullOrWhiteSpace(From) ? null : MailboxAddressList.ParseOne(From!, "-From");
        Session = _runtime!.StartRemindAsync(rfqNumber, rfq, options, from, whatIf, CancellationToken.None).GetAwaiter().GetResult();
        OpenedSession(whatIf);
    }

    private SendOptions BeginSession()
    {
        CloseSession();
        _counts.Clear();
        _reported = 0;
        _recoveryWarned = false;
        _stopTold = false;
        _pauseReported = false;
        _elapsed.Reset();
        _lastProgress = TimeSpan.Zero;
        Expected = 0;
        var options = new SendOptions
        {
            BatchSize = BatchSize,
            DelayMs = DelayMs,
            MaxMessages = Bound(nameof(MaxMessages)) ? MaxMessages : null,
            Concurrency = Concurrency,
            RatePerMinute = Bound(nameof(RatePerMinute)) ? RatePerMinute : null,
            RatePerDay = Bound(nameof(RatePerDay)) ? RatePerDay : null,
            RetryCount = RetryCount,
            InDoubt = InDoubt,
            RetryFailed = RetryFailed.IsPresent,
            AllowChangedRfq = AllowChangedRfq.IsPresent,
            ArchiveCc = MailboxAddressList.Parse(Cc, "-Cc"),
            ArchiveBcc = MailboxAddressList.Parse(Bcc, "-Bcc"),
            VendorAttachmentField = VendorAttachmentField,
        }.Apply(RateLimitPreset);
        _runtime = RfqRuntime.Create(LoadSettings());
        if (LogPath is not null && !IsWhatIf())
        {
            _runtime.LogTo(ResolvePath(LogPath));
        }

        return options;
    }

    private void OpenedSession(bool whatIf)
    {
        Store = _runtime!.OpenStore(create: !whatIf);
        WriteVerbose($"{Session!.Rfq.Number}: store {Store.Description}; transport {_runtime.TransportDescription}; {Concurrency} at a time.");
    }

    /// <summary>The stable error id of an engine error.</summary>
    protected static string ErrorIdOf(RfqSenderException exception) => EngineErrors.ErrorIdOf(exception);

    /// <summary>
    /// Writes the error <c>CampaignPaused</c> (once) when the campaign is paused (<see cref="RfqSendSession.Paused"/>,
    /// or paused now): who paused it, when, why, what is left and how to lift it. True when it is paused.
    /// </summary>
    protected bool WriteIfPaused()
    {
        if (Session is null)
        {
            return false;
        }

        if (_pauseReported)
        {
            return true;
        }

        var pause = Session.Paused ?? Session.GetPauseAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (pause is null)
        {
            return false;
        }

        _pauseReported = true;
        var outstanding = Session.GetOutstandingAsync(CancellationToken.None).GetAwaiter().GetResult();
        var left = outstanding.Count == 0 ? string.Empty : $" Left to do: {string.Join(", ", outstanding.Select(o => $"{o.Value} {o.Key}"))}.";
        var message = $"{pause.Describe()}; then Resume-Rfq -RfqNumber {pause.RfqNumber} sends the rest.{left}";
        WriteError(Error(new RfqSenderException(message), "CampaignPaused", ErrorCategory.OperationStopped, Session.Rfq.Number));
        return true;
    }

    /// <summary>Sends everything due in the store, after ShouldProcess; nothing in the store changes when it says no.</summary>
    protected void SendEverythingDue()
    {
        var session = Session!;
        if (WriteIfPaused())
        {
            return;
        }

        // Sending ones may be a stopped run's, which the run recovers first; so they count here.
        var due = session.GetDueCountsAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (due.Count == 0)
        {
            WriteWarning($"{session.Rfq.Number}: nothing is due in {Store!.Description}; every delivery is done or waits for a decision (Get-RfqDelivery -RfqNumber {session.Rfq.Number} -Summary).");
            return;
        }

        var described = string.Join(", ", due.Select(d => $"{d.Value} {d.Key}"));
        if (!ShouldProcess($"deliveries of {session.Rfq.Number} in {Store!.Description} ({described})", "Send RFQ"))
        {
            return;
        }

        RunEngine(() => session.PrepareAsync(StopToken), ErrorCategory.InvalidOperation);

        Expected += due.Values.Sum();
        Pump((onResult, token) => session.SendDueAsync(onResult, token));
    }

    /// <summary>
    /// Runs engine work that reports nothing on the pipeline thread: Ctrl+C stops the pipeline, an
    /// engine error ends the cmdlet with its ErrorId, the given category and the RFQ as target.
    /// </summary>
    protected void RunEngine(Func<Task> work, ErrorCategory category)
    {
        try
        {
            work().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            TellStopped();
            throw new PipelineStoppedException();
        }
        catch (RfqSenderException ex)
        {
            ThrowTerminatingError(Error(ex, ErrorIdOf(ex), category, Session?.Rfq.Number));
        }
    }

    /// <summary>
    /// What a run stopped by Ctrl+C leaves behind, beyond what the store says: e.g. pipeline input
    /// received but not registered. Null when there is nothing more to say.
    /// </summary>
    protected virtual string? DescribeUnregisteredInput() => null;

    /// <summary>
    /// Says on the host what a run stopped by Ctrl+C did and left, since nothing can be written to
    /// the pipeline's streams once it is stopping.
    /// </summary>
    private void TellStopped()
    {
        if (_stopTold || Session is null)
        {
            return;
        }

        _stopTold = true;
        try
        {
            var done = _counts.Count == 0 ? "nothing was sent" : string.Join(", ", _counts.Select(c => $"{c.Value} {c.Key}")) + " in this run";
            var outstanding = Session.GetOutstandingAsync(CancellationToken.None).GetAwaiter().GetResult();
            var left = outstanding.Count == 0 ? string.Empty : $" Left to do: {string.Join(", ", outstanding.Select(o => $"{o.Value} {o.Key}"))}.";
            var input = DescribeUnregisteredInput();
            Host?.UI?.WriteWarningLine(
                $"{Session.Rfq.Number} stopped: {done}.{left}{(input is null ? string.Empty : " " + input)} Resume-Rfq -RfqNumber {Session.Rfq.Number} goes on with what is registered.");
        }
        catch (Exception ex) when (ex is RfqSenderException or InvalidOperationException or NotImplementedException or System.Management.Automation.Host.HostException)
        {
            // Saying it is a courtesy: a host without a UI, or a store that went away, must not hide the stop.
        }
    }

    /// <summary>Runs engine work, writing its results on the pipeline thread as they arrive.</summary>
    protected void Pump(Func<Action<DeliveryResult>, CancellationToken, Task> work)
    {
        _elapsed.Start();
        var session = Session!;
        try
        {
            // An error result is written before the engine goes on, so -ErrorAction Stop stops the
            // run at the first failed delivery and the vendors after it stay queued. The engine's
            // notices (a rate limit holding the next message back) go through the same pump.
            EnginePump.Run<object>(
                async (post, token) =>
                {
                    session.Notice = notice => post(notice);
                    try
                    {
                        await work(result => post(result), token).ConfigureAwait(false);
                    }
                    finally
                    {
                        session.Notice = null;
                    }
                },
                WriteItem,
                _stop.Token,
                item => item is DeliveryResult result && (result.IsError || result.HasRefusedRecipients));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            TellStopped();
            throw new PipelineStoppedException();
        }
        catch (PipelineStoppedException) when (_stop.IsCancellationRequested)
        {
            TellStopped();
            throw;
        }
        catch (RfqSenderException ex)
        {
            ThrowTerminatingError(Error(ex, ErrorIdOf(ex), CategoryOf(ex), Session?.Rfq.Number));
        }
        finally
        {
            _elapsed.Stop();
        }

        if (Session?.Recovery is { InDoubt: > 0 } recovery && !_recoveryWarned)
        {
            _recoveryWarned = true;
            WriteWarning($"{recovery.InDoubt} delivery(ies) of {Session.Rfq.Number} were in flight when an earlier run stopped and are now InDoubt: see Get-RfqDelivery -State InDoubt, then decide (Resume-Rfq -InDoubt Resend to send them again).");
        }
    }

    /// <summary>The error category of an engine error.</summary>
    protected static ErrorCategory CategoryOf(RfqSenderException exception) => EngineErrors.CategoryOf(exception);

    /// <summary>
    /// Warns when the campaign still has deliveries to do after this run (Queued, Deferred, InDoubt),
    /// so that a run that did not finish never looks finished.
    /// </summary>
    protected void WarnIfUnfinished()
    {
        if (Session is null)
        {
            return;
        }

        if (Session.GetSendingElsewhereAsync(CancellationToken.None).GetAwaiter().GetResult() is int elsewhere and > 0)
        {
            WriteVerbose($"{elsewhere} delivery(ies) of {Session.Rfq.Number} are being sent by other senders of the store.");
        }

        if (WriteIfPaused())
        {
            return;
        }

        var outstanding = Session.GetOutstandingAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (outstanding.Count == 0)
        {
            return;
        }

        var left = string.Join(", ", outstanding.Select(o => $"{o.Value} {o.Key}"));
        var when = Session.RateLimitedUntil is DateTimeOffset until ? $" The rate limit allows the next message at {until:u}." : string.Empty;
        var inDoubt = outstanding.ContainsKey(DeliveryState.InDoubt) ? " Decide on the InDoubt ones (Get-RfqDelivery -State InDoubt; Resume-Rfq -InDoubt Resend)." : string.Empty;
        WriteWarning($"{Session.Rfq.Number} is not finished: {left}. Run Resume-Rfq -RfqNumber {Session.Rfq.Number} to go on.{when}{inDoubt}");
    }

    /// <summary>Completes the progress bar.</summary>
    protected void CompleteProgress()
    {
        if (_reported > 0)
        {
            WriteProgress(new ProgressRecord(1, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished and disposed: nothing left to stop.
        }
    }

    private string Activity => $"Sending {Session?.Rfq.Number}";

    private void CloseSession()
    {
        _runtime?.Dispose();
        _runtime = null;
        Store = null;
        Prepared = null;
        Session = null;
    }

    private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

    private void WriteItem(object item)
    {
        if (item is DeliveryResult result)
        {
            Write(result);
            return;
        }

        var notice = (string)item;
        WriteVerbose($"{Session?.Rfq.Number}: {notice}");
        WriteProgress(new ProgressRecord(1, Activity, notice) { CurrentOperation = "waiting" });
    }

    private void Write(DeliveryResult result)
    {
        _reported++;
        _counts[result.Action] = _counts.TryGetValue(result.Action, out var n) ? n + 1 : 1;

        // PowerShell renders progress as it is written: a few updates a second, not one per message.
        if (_reported == 1 || _elapsed.Elapsed - _lastProgress >= ProgressInterval)
        {
            _lastProgress = _elapsed.Elapsed;
            var rate = _reported / Math.Max(_elapsed.Elapsed.TotalSeconds, 0.001);
            var progress = new ProgressRecord(1, Activity, $"{string.Join(", ", _counts.Select(c => $"{c.Value} {c.Key}"))} ({rate:0.#} per second)")
            {
                CurrentOperation = result.Vendor,
            };
            if (Expected > 0)
            {
                progress.PercentComplete = Math.Min(100, _reported * 100 / Expected);
                progress.SecondsRemaining = (int)Math.Max(0, (Expected - _reported) / rate);
            }

            WriteProgress(progress);
        }
        if (result.IsError)
        {
            WriteError(Error(
                new RfqSenderException($"{result.Vendor} [{result.VendorKey}]: {result.Action}: {result.Detail}"),
                result.Action == SendAction.InDoubt ? "DeliveryInDoubt" : "DeliveryFailed",
                result.Action == SendAction.InDoubt ? ErrorCategory.OperationTimeout : ErrorCategory.InvalidResult,
                result));
        }

        if (result.PendingRecipients is not null)
        {
            WriteWarning($"{result.Vendor} [{result.VendorKey}]: the server took the message for some recipients and refused these for now: {result.PendingRecipients}. The delivery stays Deferred; the next Send-Rfq or Resume-Rfq tries them again with the same Message-ID.");
        }

        if (result.RefusedRecipients is not null)
        {
            var refused = $"{result.Vendor} [{result.VendorKey}] was sent, but these recipients did not get it: {result.RefusedRecipients}";
            WriteWarning(refused);
            WriteError(Error(new RfqSenderException(refused), "RecipientRefused", ErrorCategory.InvalidResult, result));
        }

        if (result.UnsentContacts is not null)
        {
            WriteWarning($"{result.Vendor} [{result.VendorKey}] was already sent; contact(s) added since were not mailed: {string.Join("; ", result.UnsentContacts)}. List every contact of a vendor before it is sent (Get-RfqVendor -Path merges rows of the whole file).");
        }

        WriteObject(result);
    }

    /// <inheritdoc />
    protected override void AddOverrides(SettingsOverrides overrides)
    {
        overrides.StorePath = string.IsNullOrEmpty(StorePath) ? null : ResolvePath(StorePath!);
        overrides.StoreConnectionString = string.IsNullOrEmpty(StoreConnectionString) ? null : StoreConnectionString;
        overrides.StoreUserName = StoreCredential?.UserName;
        overrides.StorePassword = StoreCredential?.Password;
        overrides.PickupDrafts = MyInvocation.BoundParameters.ContainsKey(nameof(Draft)) ? Draft.IsPresent : null;
    }
}
