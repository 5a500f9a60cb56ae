namespace RfqSender.Engine.Sending;

/// <summary>What a send run did for one vendor.</summary>
public enum SendAction
{
    /// <summary>The message was accepted by the transport in this run.</summary>
    Sent,

    /// <summary>A transient failure; the delivery is due again later.</summary>
    Deferred,

    /// <summary>
    /// The message reached some of the vendor's recipients, not all: those refused for now stay due
    /// (<see cref="DeliveryResult.PendingRecipients"/>, state Deferred), those refused for good are in
    /// <see cref="DeliveryResult.RefusedRecipients"/>.
    /// </summary>
    PartlySent,

    /// <summary>A permanent failure; the reason is in the detail.</summary>
    Failed,

    /// <summary>The connection was lost after the message was handed over; it may have arrived.</summary>
    InDoubt,

    /// <summary>Nothing to do: the vendor was already sent, failed, answered or is in doubt from an earlier run.</summary>
    AlreadyDone,

    /// <summary>-WhatIf: the message would be sent.</summary>
    WouldSend,

    /// <summary>Not sent in this run (stopped, or the per-run maximum was reached); still queued.</summary>
    NotSent,

    /// <summary>A reminder run left the vendor out: the rules give it none now (answered, bounced, away, too recent, at the most reminders, the due date); the detail says why.</summary>
    NotReminded,
}
