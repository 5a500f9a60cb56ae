using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Sending;
using RfqSender.Engine.Settings;
using RfqSender.Engine.Tracking;
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

        return RfqSendSession.Create(prepared, store, CreateTransports(prepared.Options.Concurrency));
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

    /// <summary>A test send: the messages of real vendors to test recipients, through one transport, with no store.</summary>
    /// <exception cref="RfqSenderException">A test recipient is invalid, or the transport's settings are.</exception>
    public RfqTestSend StartTestSend(Rfq rfq, IReadOnlyList<string> recipients, string? vendorAttachmentField)
    {
        RfqTestSend.ParseRecipients(recipients);
        return RfqTestSend.Create(rfq, CreateTransports(1)[0], recipients, vendorAttachmentField: vendorAttachmentField);
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
    }

    /// <inheritdoc />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

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
