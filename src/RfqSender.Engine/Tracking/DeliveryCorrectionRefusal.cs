namespace RfqSender.Engine.Tracking;

/// <summary>Why a delivery's state could not be changed by hand.</summary>
public enum DeliveryCorrectionRefusal
{
    /// <summary>The campaign has no delivery for this vendor key.</summary>
    NotFound,

    /// <summary>The delivery is being sent now (Sending, claimed by a run); it is never touched in flight.</summary>
    InFlight,

    /// <summary>The rules do not allow this change from the delivery's current state.</summary>
    NotAllowed,

    /// <summary>The delivery changed (a send claimed or completed it) between reading it and changing it.</summary>
    ChangedMeanwhile,
}
