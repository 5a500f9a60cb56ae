using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Sending;

/// <summary>The room a message took under the limits; completed once the message went (not when it never left).</summary>
internal sealed class PacingPermit
{
    private readonly IDeliveryQueue? _store;
    private readonly long _slotId;
    private readonly TimeProvider? _clock;

    public PacingPermit(IDeliveryQueue store, long slotId, TimeProvider clock)
    {
        _store = store;
        _slotId = slotId;
        _clock = clock;
    }

    private PacingPermit()
    {
    }

    /// <summary>The permit of a run without limits: completing it does nothing.</summary>
    public static PacingPermit None { get; } = new();

    /// <summary>Counts the message from now, when it was accepted, in every window.</summary>
    public Task CompleteAsync() =>
        _store is null ? Task.CompletedTask : _store.CompleteSendSlotAsync(_slotId, _clock!.GetUtcNow(), CancellationToken.None);
}
