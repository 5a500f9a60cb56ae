namespace RfqSender.Engine.Tracking;

/// <summary>
/// Changes the state of vendors' deliveries by hand (exclude, queue again, confirm or resend an
/// in-doubt message, record an answer), as <see cref="DeliveryTransitionRules"/> allow, each change
/// recorded in the store with who made it, when and why. Plan a change, confirm it, then apply it:
/// the store applies it only while the delivery is still in the state that was planned from, so a
/// send working on the campaign at the same time is never overwritten.
/// </summary>
public sealed class DeliveryCorrector
{
    private readonly IDeliveryStore _store;
    private readonly Func<DateTimeOffset> _clock;

    /// <summary>Creates the corrector over a store; changes are recorded as made by <paramref name="changedBy"/>.</summary>
    public DeliveryCorrector(IDeliveryStore store, string changedBy, Func<DateTimeOffset>? clock = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ChangedBy = string.IsNullOrWhiteSpace(changedBy) ? "unknown" : changedBy;
        _clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    /// <summary>Who the changes are recorded as made by.</summary>
    public string ChangedBy { get; }

    /// <summary>The account running this process, as changes record it.</summary>
    public static string CurrentUser
    {
        get
        {
            try
            {
                return string.IsNullOrWhiteSpace(Environment.UserName) ? "unknown" : Environment.UserName;
            }
            catch (InvalidOperationException)
            {
                return "unknown";
            }
        }
    }

    /// <summary>Why a reason cannot be recorded (too long, not one line of printable text), or null when it can.</summary>
    public static string? CheckReason(string? reason) =>
        reason is null ? null : Vendors.VendorFieldRules.CheckLine(reason, DeliveryTransitionRules.MaxReasonLength);

    /// <summary>
    /// Reads the vendor's delivery and decides the change that sets it to <paramref name="to"/>.
    /// </summary>
    /// <exception cref="DeliveryCorrectionException">No such vendor, in flight, or not allowed from its state.</exception>
    /// <exception cref="ArgumentException">A state a person may not set, or a reason that cannot be recorded.</exception>
    /// <exception cref="RfqSenderException">The store failed.</exception>
    public async Task<DeliveryCorrection> PlanAsync(string rfqNumber, string vendorKey, DeliveryState to, string? reason, CancellationToken cancellationToken)
    {
        if (CheckReason(reason) is string badReason)
        {
            throw new ArgumentException($"The reason cannot be recorded: {badReason}.", nameof(reason));
        }

        var current = await ReadAsync(rfqNumber, vendorKey, cancellationToken).ConfigureAwait(false);
        var change = DeliveryTransitionRules.Decide(current, to, ChangedBy, string.IsNullOrWhiteSpace(reason) ? null : reason!.Trim(), _clock());
        return new DeliveryCorrection(current, to, change);
    }

    /// <summary>
    /// Applies a planned change and returns the delivery as it is now. Nothing is done for a planned
    /// change that is none (<see cref="DeliveryCorrection.IsUnchanged"/>).
    /// </summary>
    /// <exception cref="DeliveryCorrectionException">The delivery changed since it was planned (<see cref="DeliveryCorrectionRefusal.ChangedMeanwhile"/>); nothing was changed.</exception>
    /// <exception cref="RfqSenderException">The store failed.</exception>
    public async Task<DeliveryRecord> ApplyAsync(DeliveryCorrection correction, CancellationToken cancellationToken)
    {
        var current = correction.Current;
        if (correction.Change is DeliveryStateChange change
            && !await _store.ChangeStateAsync(change, cancellationToken).ConfigureAwait(false))
        {
            var now = await ReadAsync(current.RfqNumber, current.VendorKey, cancellationToken).ConfigureAwait(false);
            throw new DeliveryCorrectionException(
                DeliveryCorrectionRefusal.ChangedMeanwhile,
                current.RfqNumber,
                current.VendorKey,
                $"{current.VendorKey} ({current.VendorName}) of {current.RfqNumber} changed from {current.State} to {now.State} (a send is working on the campaign) before it could be set to {correction.To}: nothing was changed. Look at it again and decide.");
        }

        return await ReadAsync(current.RfqNumber, current.VendorKey, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DeliveryRecord> ReadAsync(string rfqNumber, string vendorKey, CancellationToken cancellationToken)
    {
        var found = await _store.GetDeliveriesAsync(new DeliveryQuery(rfqNumber) { VendorKeys = new[] { vendorKey } }, cancellationToken).ConfigureAwait(false);
        return found.FirstOrDefault()
            ?? throw new DeliveryCorrectionException(
                DeliveryCorrectionRefusal.NotFound,
                rfqNumber,
                vendorKey,
                $"The campaign {rfqNumber} has no vendor with the key '{vendorKey}' in the store '{_store.Description}'. Get-RfqDelivery -RfqNumber {rfqNumber} (rfq deliveries {rfqNumber}) lists its vendors.");
    }
}
