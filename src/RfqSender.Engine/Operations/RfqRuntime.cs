using RfqSender.Engine.Logging;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Quotes;
using RfqSender.Engine.Reporting;
using RfqSender.Engine.Responses;
using RfqSender.Engine.Responses.Sources;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tracking;
using RfqSender.Engine.Tracking.Sqlite;
using RfqSender.Engine.Transports;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Operations;

/// <summary>
/// The engine's operations for a front end, wired once: it owns the store and the transports of
/// one command and disposes them together. A cmdlet or a CLI command creates one from the
/// settings, asks it for what it needs (a campaign by number, a checked vendor file, a send or
/// resume session, a test send, queries) and keeps only binding, confirmation, rendering and its
/// exit code. Nothing here is opened before it is asked for.
/// </summary>
public sealed class RfqRuntime : IAsyncDisposable, IDisposable
{
    private readonly RfqSenderSettings? _settings;
    private readonly StoreSettings _storeSettings;
    private readonly List<IMessageTransport> _transports = new();
    private IDeliveryStore? _store;
    private bool _storeCreated;
    private DeliveryEventLog? _log;

    private RfqRuntime(RfqSenderSettings? settings, StoreSettings store)
    {
        _settings = settings;
        _storeSettings = store;
    }

    /// <summary>Where the store is (a file path, or a server and database; never a secret).</summary>
    public string StoreDescription => OpenStore(create: false).Description;

    /// <summary>True when the store exists already.</summary>
    public bool StoreExists => OpenStore(create: false).Exists;

    /// <summary>The description of the transport this runtime sends through, once one was created; else null.</summary>
    public string? TransportDescription => _transports.Count == 0 ? null : _transports[0].Description;

    /// <summary>The event log this runtime's sends and reads write to (<see cref="LogTo"/>), or null.</summary>
    public string? LogPath => _log?.Path;

    /// <summary>
    /// Writes every delivery event of this runtime's sends, resumes and reads of replies to <paramref name="path"/>, one
    /// JSON line each (<see cref="DeliveryEventLog"/>), appended.
    /// </summary>
    /// <exception cref="RfqSenderException">The file cannot be opened (InvalidInput, naming it).</exception>
    public void LogTo(string path)
    {
        _log?.Dispose();
        _log = DeliveryEventLog.Open(path);
    }

    /// <summary>A runtime for the store and transport the settings choose. The settings are not changed.</summary>
    public static RfqRuntime Create(RfqSenderSettings settings) =>
        new(settings ?? throw new ArgumentNullException(nameof(settings)), settings.EffectiveStore);

    /// <summary>A runtime over a store only (queries, corrections, completion); it cannot send.</summary>
    public static RfqRuntime ForStore(StoreSettings store) =>
        new(null, store ?? throw new ArgumentNullException(nameof(store)));

    /// <summary>
    /// The store, opened once. With <paramref name="create"/> a missing store is created; without, a
    /// missing one reads as empty and refuses writes (for -WhatIf and look-ups).
    /// </summary>
    /// <exception cref="RfqSenderException">The store cannot be opened.</exception>
    public IDeliveryStore OpenStore(bool create)
    {
        if (_store is not null && (!create || _storeCreated || _store.Exists))
        {
            return _store;
        }

        _store?.Dispose();
        _store = DeliveryStoreFactory.Open(_storeSettings, create);
        _storeCreated = create;
        return _store;
    }

    /// <summary>The store, which must exist already.</summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="RfqSenderException">The store cannot be opened.</exception>
    public IDeliveryStore OpenExistingStore()
    {
        var store = OpenStore(create: false);
        if (!StoreExists)
        {
            throw new StoreNotFoundException(StoreDescription);
        }

        return store;
    }

    /// <summary>The RFQ of a campaign as the store registered it.</summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    public async Task<Rfq> GetCampaignRfqAsync(string rfqNumber, CancellationToken cancellationToken)
    {
        OpenExistingStore();
        return await _store!.GetCampaignRfqAsync(rfqNumber, cancellationToken).ConfigureAwait(false)
            ?? throw new CampaignNotFoundException(rfqNumber, StoreDescription);
    }

    /// <summary>
    /// Copies campaigns of this runtime's store (all of them, or those named) to the store
    /// <paramref name="target"/> names, creating it when missing (<see cref="StoreCopy"/>); idempotent.
    /// </summary>
    /// <exception cref="StoreNotFoundException">This store does not exist.</exception>
    /// <exception cref="CampaignNotFoundException">A campaign named is not in this store.</exception>
    /// <exception cref="RfqSenderException">A campaign is being sent now, or a store fails.</exception>
    public async Task<IReadOnlyList<StoreCopyResult>> CopyToAsync(StoreSettings target, IReadOnlyCollection<string>? rfqNumbers, Action<StoreCopyResult>? onCopied, CancellationToken cancellationToken)
    {
        var source = OpenExistingStore();
        var numbers = rfqNumbers is { Count: > 0 }
            ? rfqNumbers.ToList()
            : (await source.GetCampaignsAsync(null, cancellationToken).ConfigureAwait(false)).Select(c => c.RfqNumber).ToList();
        using var to = DeliveryStoreFactory.Open(target ?? throw new ArgumentNullException(nameof(target)), create: true);
        if (string.Equals(to.Description, source.Description, StringComparison.Ordinal))
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The store '{source.Description}' cannot be copied to itself: name another target.");
        }

        var results = new List<StoreCopyResult>();
        foreach (var number in numbers)
        {
            var result = await StoreCopy.CopyAsync(source, to, number, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            onCopied?.Invoke(result);
        }

        return results;
    }

    /// <summary>True when the store holds the campaign (false also when there is no store).</summary>
    public async Task<bool> HasCampaignAsync(string rfqNumber, CancellationToken cancellationToken) =>
        StoreExists && (await OpenStore(create: false).GetCampaignsAsync(rfqNumber, cancellationToken).ConfigureAwait(false)).Count > 0;

    /// <summary>
    /// Reads a vendor file and checks every row and every vendor's message against the prepared RFQ
    /// (template fields, the vendor's own attachments) before anything is registered or sent.
    /// </summary>
    /// <exception cref="RfqSenderException">The file does not exist, cannot be read, or its format is unknown.</exception>
    public static VendorFileInput CheckVendorFile(PreparedRfq prepared, string path, VendorReadOptions? options, int batchSize) =>
        VendorFileInput.Open(path, options, batchSize, prepared.CheckVendor);

    /// <summary>
    /// A send run of a prepared RFQ: the store opened (not created under <paramref name="whatIf"/>),
    /// one transport per concurrent sender, the session over them.
    /// </summary>
    /// <exception cref="RfqSenderException">The store cannot be opened, or the transport's settings are invalid.</exception>
    public RfqSendSession StartSend(PreparedRfq prepared, bool whatIf)
    {
        var store = OpenStore(create: !whatIf);
        if (_settings?.StoreLease is TimeSpan lease)
        {
            // How long a sender's claims outlive it (store: leaseSeconds:): a shared store's senders
            // take over a dead one's claims that much after its last renewal.
            prepared.Options.Lease = lease;
        }

        var session = RfqSendSession.Create(prepared, store, CreateTransports(prepared.Options.Concurrency));
        if (_log is { } log && !whatIf)
        {
            session.Observer = log.Write;
        }

        return session;
    }

    /// <summary>
    /// A resume run of a campaign: its RFQ as the store registered it (from <paramref name="from"/>
    /// when given), prepared with the options, over the store and transports.
    /// </summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    public async Task<RfqSendSession> StartResumeAsync(string rfqNumber, SendOptions options, MailboxAddress? from, bool whatIf, CancellationToken cancellationToken)
    {
        var rfq = await GetCampaignRfqAsync(rfqNumber, cancellationToken).ConfigureAwait(false);
        var prepared = PreparedRfq.Prepare(from is null ? rfq : rfq.WithFrom(from), options);
        return StartSend(prepared, whatIf);
    }

    /// <summary>
    /// A reminder run of a campaign (<see cref="RfqSendSession.RemindAsync"/>, <see cref="RfqSendSession.PreviewRemindersAsync"/>):
    /// its RFQ as the store registered it, or <paramref name="rfq"/> when given (an RFQ file whose
    /// <c>reminder:</c> templates to use; its number must be the campaign's), prepared with the options, over
    /// the store and transports.
    /// </summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    public async Task<RfqSendSession> StartRemindAsync(string rfqNumber, Rfq? rfq, SendOptions options, MailboxAddress? from, bool whatIf, CancellationToken cancellationToken)
    {
        var registered = await GetCampaignRfqAsync(rfqNumber, cancellationToken).ConfigureAwait(false);
        if (rfq is not null && !string.Equals(rfq.Number, registered.Number, StringComparison.Ordinal))
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The RFQ file is {rfq.Number}, not the campaign {registered.Number}: give the campaign's own RFQ file, or none to use the RFQ as registered.");
        }

        var chosen = rfq ?? registered;
        var prepared = PreparedRfq.Prepare(from is null ? chosen : chosen.WithFrom(from), options);
        return StartSend(prepared, whatIf);
    }

    /// <summary>A test send: the messages of real vendors to test recipients, through one transport, with no store.</summary>
    /// <exception cref="RfqSenderException">A test recipient is invalid, or the transport's settings are.</exception>
    public RfqTestSend StartTestSend(Rfq rfq, IReadOnlyList<string> recipients, string? vendorAttachmentField)
    {
        RfqTestSend.ParseRecipients(recipients);
        return RfqTestSend.Create(rfq, CreateTransports(1)[0], recipients, vendorAttachmentField: vendorAttachmentField);
    }

    /// <summary>
    /// Reads replies from a source into the store (created when missing): each new message classified,
    /// matched against the deliveries of the campaigns (all, or those <paramref name="options"/> names),
    /// its <c>.eml</c> and a reply's attachments kept under the quotes folder per RFQ and vendor (by default
    /// a <c>quotes</c> folder beside a SQLite store), recorded once, and its delivery set to Responded (a
    /// reply) or Failed (a permanent bounce). Reading the same messages again changes nothing.
    /// </summary>
    /// <exception cref="RfqSenderException">The source cannot be read, the store fails, or a campaign named is unknown.</exception>
    public async Task<ReceiveResult> ReceiveRepliesAsync(ReplySourceSettings source, ReceiveOptions options, Action<ReceivedReply>? onReceived, CancellationToken cancellationToken)
    {
        var store = OpenStore(create: true);
        var effective = options ?? new ReceiveOptions();
        if (effective.KeepFiles && string.IsNullOrWhiteSpace(effective.QuotesFolder))
        {
            effective = Copy(effective);
            effective.QuotesFolder = store is SqliteDeliveryStore sqlite
                ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(sqlite.Path) ?? ".", "quotes")
                : System.IO.Path.GetFullPath(System.IO.Path.Combine(effective.CurrentFolder ?? ".", "quotes"));
        }

        await using var reader = ReplySourceFactory.Create(source ?? throw new ArgumentNullException(nameof(source)));
        var observed = _log is { } log ? (Action<ReceivedReply>)(r => { log.Write(r); onReceived?.Invoke(r); }) : onReceived;
        return await new ReplyReceiver(store, effective).ReceiveAsync(reader, observed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The delivery counts of a campaign by state, the whole campaign first and then each category, with
    /// the vendors a permanent bounce failed (<see cref="DeliverySummary.Bounced"/>) and those away by an
    /// out-of-office reply until today or later and not answered (<see cref="DeliverySummary.Away"/>).
    /// </summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    public async Task<IReadOnlyList<DeliverySummary>> GetSummaryAsync(string rfqNumber, CancellationToken cancellationToken)
    {
        var store = OpenExistingStore();
        var campaign = (await store.GetCampaignsAsync(rfqNumber, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new CampaignNotFoundException(rfqNumber, store.Description);
        var counts = await store.GetCountsByCategoryAsync(rfqNumber, cancellationToken).ConfigureAwait(false);
        var replies = await store.GetInboundAsync(
            new InboundQuery { RfqNumber = rfqNumber, Kinds = new[] { ReplyKind.Bounce, ReplyKind.AutoReply } },
            cancellationToken).ConfigureAwait(false);
        var today = store.Clock.GetUtcNow().UtcDateTime.Date;
        var bouncedKeys = replies
            .Where(r => r.Kind == ReplyKind.Bounce && r.ChangedTo == DeliveryState.Failed)
            .Select(r => r.VendorKey!)
            .ToList();
        var awayKeys = replies
            .Where(r => r.Kind == ReplyKind.AutoReply && r.IsOutOfOffice)
            .GroupBy(r => r.VendorKey!, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(r => r.ReceivedAt).Last())
            .Where(r => r.AwayUntil is not DateTime until || until.Date >= today)
            .Select(r => r.VendorKey!)
            .ToList();
        var involved = bouncedKeys.Concat(awayKeys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var deliveries = involved.Count == 0
            ? new Dictionary<string, DeliveryRecord>(StringComparer.OrdinalIgnoreCase)
            : (await store.GetDeliveriesAsync(new DeliveryQuery(rfqNumber) { VendorKeys = involved }, cancellationToken).ConfigureAwait(false))
                .ToDictionary(d => d.VendorKey, StringComparer.OrdinalIgnoreCase);
        List<DeliveryRecord> Current(IEnumerable<string> keys, Func<DeliveryRecord, bool> holds) =>
            keys.Distinct(StringComparer.OrdinalIgnoreCase).Where(deliveries.ContainsKey).Select(k => deliveries[k]).Where(holds).ToList();
        return DeliverySummary.Build(
            rfqNumber,
            counts,
            campaign.Counts,
            campaign.InputIncomplete,
            Current(bouncedKeys, d => d.State == DeliveryState.Failed),
            Current(awayKeys, d => d.State != DeliveryState.Responded));
    }

    /// <summary>
    /// The report of a campaign (<see cref="CampaignReport"/>): its counts, answers over time, categories and
    /// every vendor's status, from the deliveries and the replies, bounces and auto-replies matched to them.
    /// </summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    public async Task<CampaignReport> GetReportAsync(string rfqNumber, CancellationToken cancellationToken)
    {
        var store = OpenExistingStore();
        var campaign = (await store.GetCampaignsAsync(rfqNumber, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new CampaignNotFoundException(rfqNumber, store.Description);
        var deliveries = await store.GetDeliveriesAsync(new DeliveryQuery(campaign.RfqNumber), cancellationToken).ConfigureAwait(false);
        var inbound = await store.GetInboundAsync(new InboundQuery { RfqNumber = campaign.RfqNumber, Matched = true }, cancellationToken).ConfigureAwait(false);
        var unmatched = (await store.GetInboundAsync(new InboundQuery { Matched = false }, cancellationToken).ConfigureAwait(false)).Count;
        var quotes = await store.GetQuotesAsync(new QuoteQuery(campaign.RfqNumber), cancellationToken).ConfigureAwait(false);
        var rfq = quotes.Count == 0 ? null : await store.GetCampaignRfqAsync(campaign.RfqNumber, cancellationToken).ConfigureAwait(false);
        var report = CampaignReportBuilder.Build(campaign, deliveries, inbound, unmatched, store.Clock.GetUtcNow(), quotes);
        report.Quotes = rfq is null ? null : QuoteComparisonBuilder.Build(rfq, quotes);
        return report;
    }

    /// <summary>The quote sheets vendors' replies brought back for a campaign, each with its lines or its problems, oldest first.</summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    public async Task<IReadOnlyList<VendorQuote>> GetQuotesAsync(QuoteQuery query, CancellationToken cancellationToken)
    {
        var store = OpenExistingStore();
        if (!await HasCampaignAsync(query.RfqNumber, cancellationToken).ConfigureAwait(false))
        {
            throw new CampaignNotFoundException(query.RfqNumber, store.Description);
        }

        return await store.GetQuotesAsync(query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The item × vendor comparison of a campaign's accepted quotes (<see cref="QuoteComparisonBuilder"/>).</summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    public async Task<QuoteComparison> GetQuoteComparisonAsync(string rfqNumber, CancellationToken cancellationToken)
    {
        var quotes = await GetQuotesAsync(new QuoteQuery(rfqNumber), cancellationToken).ConfigureAwait(false);
        var rfq = await GetCampaignRfqAsync(rfqNumber, cancellationToken).ConfigureAwait(false);
        return QuoteComparisonBuilder.Build(rfq, quotes);
    }

    /// <summary>
    /// The quotes of a campaign as rows (<see cref="QuoteRows"/>): each compared vendor's latest accepted quote per
    /// item, with the lowest marked, then a row per problem of each sheet to review; only <paramref name="vendorKeys"/> when given.
    /// </summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    public async Task<IReadOnlyList<QuoteRow>> GetQuoteRowsAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken)
    {
        var rows = QuoteRows.Of(await GetQuoteComparisonAsync(rfqNumber, cancellationToken).ConfigureAwait(false));
        return vendorKeys is { Count: > 0 } keys
            ? rows.Where(r => keys.Contains(r.VendorKey, StringComparer.OrdinalIgnoreCase)).ToList()
            : rows;
    }

    /// <summary>Writes the comparison of a campaign's quotes as a workbook (<see cref="QuoteComparisonXlsxWriter"/>), whole or not at all; returns the full path.</summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    /// <exception cref="RfqSenderException">The file cannot be written (InvalidInput, naming it), or it exists and <paramref name="overwrite"/> is false.</exception>
    public async Task<string> ExportQuoteComparisonAsync(string rfqNumber, string path, bool overwrite, CancellationToken cancellationToken)
    {
        var comparison = await GetQuoteComparisonAsync(rfqNumber, cancellationToken).ConfigureAwait(false);
        return ReportFile.Write(path, overwrite, stream => QuoteComparisonXlsxWriter.Write(comparison, stream));
    }

    /// <summary>
    /// Writes the report of a campaign to <paramref name="path"/> in <paramref name="format"/>: to a temporary
    /// file beside it first, then in its place, so a reader never sees half a report and a failed write leaves
    /// the file that was there. Returns the full path written.
    /// </summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    /// <exception cref="RfqSenderException">The file cannot be written (InvalidInput, naming it), or it exists and <paramref name="overwrite"/> is false.</exception>
    public async Task<string> ExportReportAsync(string rfqNumber, string path, ReportFormat format, bool overwrite, CancellationToken cancellationToken)
    {
        var report = await GetReportAsync(rfqNumber, cancellationToken).ConfigureAwait(false);
        return ReportFile.Write(path, overwrite, stream => CampaignReportWriter.Write(report, format, stream));
    }

    /// <summary>The replies, bounces and auto-replies the store recorded that match the query (none when there is no store).</summary>
    public async Task<IReadOnlyList<InboundRecord>> GetRepliesAsync(InboundQuery query, CancellationToken cancellationToken) =>
        StoreExists
            ? await OpenStore(create: false).GetInboundAsync(query ?? new InboundQuery(), cancellationToken).ConfigureAwait(false)
            : Array.Empty<InboundRecord>();

    /// <summary>
    /// The front end this runtime's operator actions are recorded as coming from (<see cref="AuditEntry.Source"/>:
    /// <c>web</c>, <c>powershell</c>, <c>cli</c>) when an operation is not given one; null for unknown.
    /// </summary>
    public string? AuditSource { get; set; }

    /// <summary>
    /// One page of a campaign's deliveries, filtered (<see cref="DeliveryPageQuery"/>), with how many match in
    /// all; an empty page when there is no store.
    /// </summary>
    public async Task<DeliveryPage> GetDeliveryPageAsync(DeliveryPageQuery query, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        return StoreExists
            ? await OpenStore(create: false).GetDeliveryPageAsync(query, cancellationToken).ConfigureAwait(false)
            : new DeliveryPage(Array.Empty<DeliveryRecord>(), 0, query.Offset, query.Limit);
    }

    /// <summary>The operator actions recorded in the store (of one campaign, or all), newest first, at most <paramref name="limit"/>; none when there is no store.</summary>
    public async Task<IReadOnlyList<AuditEntry>> GetAuditAsync(string? rfqNumber, int limit, CancellationToken cancellationToken) =>
        StoreExists
            ? await OpenStore(create: false).GetAuditAsync(rfqNumber, limit, cancellationToken).ConfigureAwait(false)
            : Array.Empty<AuditEntry>();

    /// <summary>
    /// The recorded send attempts of a campaign's RFQ (to these vendors, or all when <paramref name="vendorKeys"/>
    /// is null), oldest first (<see cref="IDeliveryReader.GetDeliveryAttemptsAsync"/>); none when there is no store.
    /// </summary>
    public async Task<IReadOnlyList<Tracking.DeliveryAttempt>> GetDeliveryAttemptsAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken) =>
        StoreExists
            ? await OpenStore(create: false).GetDeliveryAttemptsAsync(rfqNumber, vendorKeys, cancellationToken).ConfigureAwait(false)
            : Array.Empty<Tracking.DeliveryAttempt>();

    /// <summary>
    /// The recorded reminder attempts of a campaign (to these vendors, or all when <paramref name="vendorKeys"/> is
    /// null), oldest first; none when there is no store.
    /// </summary>
    public async Task<IReadOnlyList<ReminderAttempt>> GetReminderAttemptsAsync(string rfqNumber, IReadOnlyCollection<string>? vendorKeys, CancellationToken cancellationToken) =>
        StoreExists
            ? await OpenStore(create: false).GetReminderAttemptsAsync(rfqNumber, vendorKeys, cancellationToken).ConfigureAwait(false)
            : Array.Empty<ReminderAttempt>();

    /// <summary>
    /// Pauses a campaign: every sender (this machine's or another's, a run under way included) claims nothing
    /// more of it until it is unpaused; messages already being sent finish, the rest stay Queued or Deferred.
    /// Recorded as done by <paramref name="by"/> (the account running this process when null) and audited.
    /// Pausing a paused campaign keeps its first pause. Returns the campaign as it is now.
    /// </summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    /// <exception cref="RfqSenderException">The reason cannot be recorded (InvalidInput), or the store fails.</exception>
    public Task<CampaignRecord> PauseCampaignAsync(string rfqNumber, string? by, string? reason, CancellationToken cancellationToken) =>
        PauseCampaignAsync(rfqNumber, by, reason, AuditSource, cancellationToken);

    /// <summary>Pauses a campaign (see <see cref="PauseCampaignAsync(string, string?, string?, CancellationToken)"/>), audited as coming from <paramref name="source"/>.</summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    /// <exception cref="RfqSenderException">The reason cannot be recorded (InvalidInput), or the store fails.</exception>
    public async Task<CampaignRecord> PauseCampaignAsync(string rfqNumber, string? by, string? reason, string? source, CancellationToken cancellationToken)
    {
        var why = CheckedReason(reason);
        var store = OpenExistingStore();
        var who = Who(by);
        var before = await store.GetCampaignPauseAsync(rfqNumber, cancellationToken).ConfigureAwait(false);
        var campaign = await store.SetCampaignPausedAsync(rfqNumber, paused: true, who, why, cancellationToken).ConfigureAwait(false)
            ?? throw new CampaignNotFoundException(rfqNumber, store.Description);
        await store.RecordAuditAsync(
            new AuditEntry
            {
                User = who,
                Action = "pause",
                RfqNumber = campaign.RfqNumber,
                Detail = before is null ? why : $"already paused by {before.PausedBy} at {before.PausedAt.ToUniversalTime():u}; kept" + (why is null ? string.Empty : "; " + why),
                Source = source,
            },
            cancellationToken).ConfigureAwait(false);
        return campaign;
    }

    /// <summary>
    /// Lifts a campaign's pause, so the next send, resume or reminder run (or one still waiting) claims its
    /// deliveries again; nothing is sent by this. Audited. Returns the campaign as it is now.
    /// </summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    public Task<CampaignRecord> UnpauseCampaignAsync(string rfqNumber, string? by, CancellationToken cancellationToken) =>
        UnpauseCampaignAsync(rfqNumber, by, AuditSource, cancellationToken);

    /// <summary>Lifts a campaign's pause (see <see cref="UnpauseCampaignAsync(string, string?, CancellationToken)"/>), audited as coming from <paramref name="source"/>.</summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="CampaignNotFoundException">The store does not know the campaign.</exception>
    public async Task<CampaignRecord> UnpauseCampaignAsync(string rfqNumber, string? by, string? source, CancellationToken cancellationToken)
    {
        var store = OpenExistingStore();
        var who = Who(by);
        var before = await store.GetCampaignPauseAsync(rfqNumber, cancellationToken).ConfigureAwait(false);
        var campaign = await store.SetCampaignPausedAsync(rfqNumber, paused: false, who, null, cancellationToken).ConfigureAwait(false)
            ?? throw new CampaignNotFoundException(rfqNumber, store.Description);
        await store.RecordAuditAsync(
            new AuditEntry
            {
                User = who,
                Action = "unpause",
                RfqNumber = campaign.RfqNumber,
                Detail = before is null ? "was not paused" : $"paused by {before.PausedBy} at {before.PausedAt.ToUniversalTime():u}",
                Source = source,
            },
            cancellationToken).ConfigureAwait(false);
        return campaign;
    }

    /// <summary>
    /// Excludes a vendor from a campaign: its delivery becomes Skipped, never sent by a later run, as
    /// <see cref="DeliveryTransitionRules"/> allow (from Queued, Deferred, Failed or InDoubt), recorded as made by
    /// <paramref name="by"/> (the account running this process when null) with the reason, and audited. A vendor
    /// Skipped already is left as it is. Returns the delivery as it is now.
    /// </summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="DeliveryCorrectionException">No such vendor, being sent now, already Sent or Responded, or changed meanwhile; nothing was changed.</exception>
    /// <exception cref="RfqSenderException">The reason cannot be recorded (InvalidInput), or the store fails.</exception>
    public async Task<DeliveryRecord> ExcludeVendorAsync(string rfqNumber, string vendorKey, string? reason, string? by, string source, CancellationToken cancellationToken)
    {
        var why = CheckedReason(reason);
        var store = OpenExistingStore();
        var corrector = new DeliveryCorrector(store, Who(by), () => store.Clock.GetUtcNow());
        var plan = await corrector.PlanAsync(rfqNumber, vendorKey, DeliveryState.Skipped, why, cancellationToken).ConfigureAwait(false);
        var now = await corrector.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        if (!plan.IsUnchanged)
        {
            await store.RecordAuditAsync(
                new AuditEntry
                {
                    User = corrector.ChangedBy,
                    Action = "exclude",
                    RfqNumber = now.RfqNumber,
                    VendorKey = now.VendorKey,
                    Detail = $"{plan.Current.State} to {now.State}" + (why is null ? string.Empty : ": " + why),
                    Source = source,
                },
                cancellationToken).ConfigureAwait(false);
        }

        return now;
    }

    /// <summary>
    /// Assigns an unmatched reply (or bounce, or auto-reply) to a vendor's delivery by hand, with the change its
    /// kind brings (a reply: Responded), recorded as made by <paramref name="assignedBy"/> (the account running
    /// this process when null) with the reason, and audited (as from <see cref="AuditSource"/>); returns the reply as recorded now.
    /// </summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="DeliveryCorrectionException">No such vendor in the campaign (<see cref="DeliveryCorrectionRefusal.NotFound"/>).</exception>
    /// <exception cref="RfqSenderException">No such reply, it is matched already, or the reason cannot be recorded.</exception>
    public Task<InboundRecord> AssignReplyAsync(long replyId, string rfqNumber, string vendorKey, string? reason, string? assignedBy, CancellationToken cancellationToken) =>
        AssignReplyAsync(replyId, rfqNumber, vendorKey, reason, assignedBy, AuditSource, cancellationToken);

    /// <summary>Assigns an unmatched reply by hand (see <see cref="AssignReplyAsync(long, string, string, string?, string?, CancellationToken)"/>), audited as coming from <paramref name="source"/>.</summary>
    /// <exception cref="StoreNotFoundException">There is no store there.</exception>
    /// <exception cref="DeliveryCorrectionException">No such vendor in the campaign (<see cref="DeliveryCorrectionRefusal.NotFound"/>).</exception>
    /// <exception cref="RfqSenderException">No such reply, it is matched already, or the reason cannot be recorded.</exception>
    public async Task<InboundRecord> AssignReplyAsync(long replyId, string rfqNumber, string vendorKey, string? reason, string? assignedBy, string? source, CancellationToken cancellationToken)
    {
        var store = OpenExistingStore();
        if (DeliveryCorrector.CheckReason(reason) is string badReason)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The reason cannot be recorded: {badReason}.");
        }

        var reply = await ReadReplyAsync(store, replyId, cancellationToken).ConfigureAwait(false);
        if (!reply.IsUnmatched)
        {
            throw new RfqSenderException(
                FailureKind.InvalidInput,
                $"The reply #{replyId} is matched to {reply.VendorKey} ({reply.VendorName}) of {reply.RfqNumber} already ({reply.MatchMethod}); only an unmatched reply is assigned by hand. Correct that delivery's state with Set-RfqDelivery (rfq deliveries set) if it was wrong.");
        }

        var delivery = (await store.GetDeliveriesAsync(new DeliveryQuery(rfqNumber) { VendorKeys = new[] { vendorKey } }, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new DeliveryCorrectionException(
                DeliveryCorrectionRefusal.NotFound,
                rfqNumber,
                vendorKey,
                $"The campaign {rfqNumber} has no vendor with the key '{vendorKey}' in the store '{store.Description}'. Get-RfqDelivery -RfqNumber {rfqNumber} (rfq deliveries {rfqNumber}) lists its vendors.");
        var who = string.IsNullOrWhiteSpace(assignedBy) ? DeliveryCorrector.CurrentUser : assignedBy!;
        var why = string.IsNullOrWhiteSpace(reason) ? null : reason!.Trim();
        var now = store.Clock.GetUtcNow();
        var assignment = new InboundAssignment
        {
            InboundId = replyId,
            DeliveryId = delivery.Id,
            AssignedBy = who,
            Reason = why,
            At = now,
            Change = DeliveryTransitionRules.DecideInbound(delivery, reply, who, why ?? $"{reply.Classification} #{replyId} assigned by hand", now),
        };
        if (!await store.AssignInboundAsync(assignment, cancellationToken).ConfigureAwait(false))
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The reply #{replyId} was assigned meanwhile (or its delivery removed): nothing was changed. Look at it again with Get-RfqReply (rfq replies list).");
        }

        await store.RecordAuditAsync(
            new AuditEntry
            {
                User = who,
                Action = "assign-reply",
                RfqNumber = delivery.RfqNumber,
                VendorKey = delivery.VendorKey,
                Detail = $"{reply.Classification} #{replyId}"
                    + (assignment.Change is { } change ? $", {change.From} to {change.To}" : string.Empty)
                    + (why is null ? string.Empty : ": " + why),
                Source = source,
            },
            cancellationToken).ConfigureAwait(false);

        return await ReadReplyAsync(store, replyId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var transport in _transports.Distinct())
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }

        _transports.Clear();
        _store?.Dispose();
        _store = null;
        _log?.Dispose();
        _log = null;
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static async Task<InboundRecord> ReadReplyAsync(IDeliveryStore store, long replyId, CancellationToken cancellationToken) =>
        (await store.GetInboundAsync(new InboundQuery { Id = replyId }, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new RfqSenderException(FailureKind.InvalidInput, $"The store '{store.Description}' holds no reply #{replyId}. Get-RfqReply -Unmatched (rfq replies list --unmatched) lists the replies to assign.");

    private static string Who(string? by) => string.IsNullOrWhiteSpace(by) ? DeliveryCorrector.CurrentUser : by!.Trim();

    private static string? CheckedReason(string? reason)
    {
        if (DeliveryCorrector.CheckReason(reason) is string badReason)
        {
            throw new RfqSenderException(FailureKind.InvalidInput, $"The reason cannot be recorded: {badReason}.");
        }

        return string.IsNullOrWhiteSpace(reason) ? null : reason!.Trim();
    }

    private static ReceiveOptions Copy(ReceiveOptions options) => new()
    {
        RfqNumbers = options.RfqNumbers,
        QuotesFolder = options.QuotesFolder,
        CurrentFolder = options.CurrentFolder,
        KeepFiles = options.KeepFiles,
        ReadBy = options.ReadBy,
        OwnDomains = options.OwnDomains,
        ReplyAddress = options.ReplyAddress,
        MaxMessages = options.MaxMessages,
    };

    private IReadOnlyList<IMessageTransport> CreateTransports(int concurrency)
    {
        if (_settings is null)
        {
            throw new InvalidOperationException("This runtime was made for a store only; it cannot send.");
        }

        var pool = TransportFactory.CreatePool(_settings, concurrency);
        _transports.AddRange(pool);
        return pool;
    }
}
