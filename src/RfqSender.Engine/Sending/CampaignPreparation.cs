using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Sending;

/// <summary>
/// The stage between preparing the RFQ and dispatching: the campaign's version is checked against
/// what vendors already received, the campaign registered, what stopped senders left recovered,
/// in-doubt or failed deliveries requeued as the options ask, and the rate limits seeded with what
/// was sent recently. Done once per run, before the first send.
/// </summary>
internal sealed class CampaignPreparation
{
    private readonly PreparedRfq _prepared;
    private readonly IDeliveryStore _store;
    private readonly TimeProvider _clock;
    private int? _version;

    public CampaignPreparation(PreparedRfq prepared, IDeliveryStore store, TimeProvider clock)
    {
        _prepared = prepared;
        _store = store;
        _clock = clock;
    }

    /// <summary>True once <see cref="PrepareAsync"/> ran.</summary>
    public bool Done { get; private set; }

    /// <summary>What the preparation recovered from stopped senders; null until it ran.</summary>
    public RecoveryResult? Recovery { get; private set; }

    /// <summary>
    /// The states a send of everything due takes up: Queued and Deferred, and InDoubt and Failed
    /// when the options say to send those again.
    /// </summary>
    public static IReadOnlyList<DeliveryState> DueStates(SendOptions options)
    {
        var states = new List<DeliveryState> { DeliveryState.Queued, DeliveryState.Deferred };
        if (options.InDoubt == InDoubtPolicy.Resend)
        {
            states.Add(DeliveryState.InDoubt);
        }

        if (options.RetryFailed)
        {
            states.Add(DeliveryState.Failed);
        }

        return states;
    }

    /// <summary>Registers the campaign and settles what earlier runs left; a second call does nothing.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (Done)
        {
            return;
        }

        var rfq = _prepared.Rfq;
        var options = _prepared.Options;
        var version = await CheckVersionAsync(cancellationToken).ConfigureAwait(false);
        await _store.RegisterCampaignAsync(rfq, _prepared.Fingerprint.Text, version, cancellationToken).ConfigureAwait(false);

        // The tokens {{Delivery.Reference}} renders are signed with the store's secret (made once, kept there).
        _prepared.ReferenceSecret = await _store.GetReferenceSecretAsync(Responses.DeliveryReference.CreateSecret(), cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        Recovery = await _store.RecoverAbandonedAsync(rfq.Number, now, SenderIdentity.IsDeadLocalProcess, cancellationToken).ConfigureAwait(false);
        var requeue = DueStates(options).Where(s => s is DeliveryState.InDoubt or DeliveryState.Failed).ToList();
        await _store.RequeueAsync(rfq.Number, requeue, cancellationToken).ConfigureAwait(false);
        Done = true;
    }

    /// <summary>
    /// The version this run sends: the registered one when the RFQ is unchanged, the next one when it
    /// changed and the change is allowed (or nobody received the earlier one yet).
    /// </summary>
    /// <exception cref="RfqChangedException">The RFQ changed since vendors received it, and the change is not allowed.</exception>
    public async Task<int> CheckVersionAsync(CancellationToken cancellationToken)
    {
        if (_version is int known)
        {
            return known;
        }

        var rfq = _prepared.Rfq;
        var registered = await _store.GetCampaignVersionAsync(rfq.Number, cancellationToken).ConfigureAwait(false);
        var version = 1;
        if (registered is not null)
        {
            var changed = registered.Fingerprint is null ? Array.Empty<string>() : _prepared.Fingerprint.ChangedSince(registered.Fingerprint);
            version = registered.Version;
            if (changed.Count > 0 && registered.Received > 0)
            {
                if (!_prepared.Options.AllowChangedRfq)
                {
                    throw new RfqChangedException(rfq.Number, changed, registered.Version, registered.Received);
                }

                version++;
            }
        }

        _version = version;
        return version;
    }
}
