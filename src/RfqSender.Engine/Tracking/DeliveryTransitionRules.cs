using System.Globalization;
using RfqSender.Engine.Responses;

namespace RfqSender.Engine.Tracking;

/// <summary>
/// The one place that says which state a person may set a delivery to by hand, from which state, and
/// what else the change does. Outcomes of sending (Sending, Deferred, Failed, InDoubt) are only ever
/// set by a send; a delivery in flight (Sending) is never changed.
/// <list type="table">
/// <listheader><term>To</term><description>From, and what it does</description></listheader>
/// <item><term>Queued</term><description>Sent, Deferred, Failed, InDoubt, Skipped: due to be sent (again) by the next
/// send, with the same Message-ID, to every contact, with its retries counted from zero.</description></item>
/// <item><term>Sent</term><description>InDoubt (confirmed as arrived: records when, if unknown, and the RFQ version);
/// Responded (an answer recorded by mistake).</description></item>
/// <item><term>Responded</term><description>every state but Sending: the vendor answered (even one not yet sent: it is
/// then never sent).</description></item>
/// <item><term>Skipped</term><description>Queued, Deferred, Failed, InDoubt: excluded, never sent by a later run.</description></item>
/// </list>
/// What an inbound message does, read from a mailbox (<see cref="DecideInbound"/>): a reply sets Responded
/// from every state but Sending and Responded; a permanent bounce sets a Sent or InDoubt delivery to Failed
/// with the status and the server's words, unless the delivery went to other addresses the bounce does not
/// name; a transient bounce, an auto-reply and a mailing-list message change nothing (they are recorded).
/// </summary>
public static class DeliveryTransitionRules
{
    /// <summary>The states a person may set, in the order they are offered.</summary>
    public static IReadOnlyList<DeliveryState> SettableStates { get; } =
        new[] { DeliveryState.Skipped, DeliveryState.Queued, DeliveryState.Sent, DeliveryState.Responded };

    /// <summary>The longest reason recorded with a change.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>True when a person may set deliveries to <paramref name="state"/> at all.</summary>
    public static bool IsSettable(DeliveryState state) => SettableStates.Contains(state);

    /// <summary>Why a state cannot be set by hand, naming those that can; null when it can.</summary>
    public static string? WhyNotSettable(DeliveryState state) =>
        IsSettable(state)
            ? null
            : $"{state} is set by a send, not by hand; a delivery can be set to {string.Join(", ", SettableStates)}.";

    /// <summary>The states <paramref name="from"/> may be changed to, by hand.</summary>
    public static IReadOnlyList<DeliveryState> AllowedFrom(DeliveryState from) =>
        SettableStates.Where(to => to != from && WhyNot(from, to, sentAt: null) is null).ToList();

    /// <summary>
    /// The change that sets <paramref name="current"/> to <paramref name="to"/>; null when it is in that
    /// state already. Throws when the change is not allowed.
    /// </summary>
    /// <exception cref="DeliveryCorrectionException">In flight (Sending), or not allowed from its current state.</exception>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not a state a person may set.</exception>
    public static DeliveryStateChange? Decide(DeliveryRecord current, DeliveryState to, string changedBy, string? reason, DateTimeOffset now)
    {
        if (WhyNotSettable(to) is string notSettable)
        {
            throw new ArgumentException(notSettable, nameof(to));
        }

        var who = $"{current.VendorKey} ({current.VendorName}) of {current.RfqNumber}";
        if (current.State == DeliveryState.Sending)
        {
            var lease = current.LeaseOwner is null
                ? string.Empty
                : string.Format(CultureInfo.InvariantCulture, " (claimed by {0}{1})", current.LeaseOwner, current.LeaseExpiresAt is DateTimeOffset until ? $" until {until.ToUniversalTime():u}" : string.Empty);
            throw new DeliveryCorrectionException(
                DeliveryCorrectionRefusal.InFlight,
                current.RfqNumber,
                current.VendorKey,
                $"{who} is being sent now{lease}: it is not changed in flight. Let that run finish; if it stopped, the next Send-Rfq or Resume-Rfq (rfq send, rfq resume) settles it as InDoubt or Queued, and then it can be changed.");
        }

        if (current.State == to)
        {
            return null;
        }

        if (WhyNot(current.State, to, current.SentAt) is string why)
        {
            var allowed = AllowedFrom(current.State);
            throw new DeliveryCorrectionException(
                DeliveryCorrectionRefusal.NotAllowed,
                current.RfqNumber,
                current.VendorKey,
                $"{who} is {current.State} and cannot be set to {to}: {why}. From {current.State} it can be set to {string.Join(", ", allowed)}.");
        }

        return new DeliveryStateChange
        {
            DeliveryId = current.Id,
            RfqNumber = current.RfqNumber,
            VendorKey = current.VendorKey,
            From = current.State,
            To = to,
            ResetAttempts = to == DeliveryState.Queued,
            ClearPendingRecipients = to == DeliveryState.Queued || (to == DeliveryState.Sent && current.State == DeliveryState.InDoubt),
            // When an in-doubt message was handed over is not known; the time it became InDoubt is the nearest known.
            SentAtIfMissing = to == DeliveryState.Sent && current.State == DeliveryState.InDoubt ? current.UpdatedAt : null,
            RecordRfqVersion = to == DeliveryState.Sent && current.State == DeliveryState.InDoubt,
            ChangedBy = changedBy,
            Reason = reason,
            At = now,
        };
    }

    /// <summary>The longest detail a bounce leaves on a failed delivery.</summary>
    public const int MaxBounceDetailLength = 1000;

    /// <summary>
    /// The change an inbound message of this kind makes to the delivery it was matched to, recorded as made by
    /// <paramref name="changedBy"/> (the account reading the mailbox, or assigning the message by hand); null
    /// when it makes none. Never throws: a delivery being sent now is left alone (the message stays recorded).
    /// </summary>
    public static DeliveryStateChange? DecideInbound(DeliveryRecord current, InboundRecord message, string changedBy, string? reason, DateTimeOffset now)
    {
        if (current is null)
        {
            throw new ArgumentNullException(nameof(current));
        }

        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        if (current.State == DeliveryState.Sending)
        {
            return null;
        }

        if (message.Kind == ReplyKind.Reply && current.State != DeliveryState.Responded)
        {
            return Change(current, DeliveryState.Responded, detail: null, changedBy, reason, now);
        }

        if (message.Kind == ReplyKind.Bounce
            && message.BounceSeverity == BounceSeverity.Permanent
            && current.State is DeliveryState.Sent or DeliveryState.InDoubt
            && !ReachedAnotherAddress(current, message.BounceRecipient))
        {
            var detail = "Bounced"
                + (message.BounceStatus is null ? string.Empty : " " + message.BounceStatus)
                + (message.BounceRecipient is null ? string.Empty : " " + message.BounceRecipient)
                + (message.BounceDiagnostic is null ? string.Empty : ": " + message.BounceDiagnostic);
            return Change(current, DeliveryState.Failed, Truncate(detail, MaxBounceDetailLength), changedBy, reason, now);
        }

        return null;
    }

    /// <summary>True when the delivery went to addresses besides the bounced one (one failed address does not fail the others).</summary>
    private static bool ReachedAnotherAddress(DeliveryRecord current, string? bouncedRecipient)
    {
        if (bouncedRecipient is null)
        {
            return false;
        }

        var bounced = InboundAddress.Parse(bouncedRecipient).Key;
        return current.To.Concat(current.Cc)
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Any(a => !string.Equals(InboundAddress.Parse(a).Key, bounced, StringComparison.OrdinalIgnoreCase));
    }

    private static DeliveryStateChange Change(DeliveryRecord current, DeliveryState to, string? detail, string changedBy, string? reason, DateTimeOffset now) => new()
    {
        DeliveryId = current.Id,
        RfqNumber = current.RfqNumber,
        VendorKey = current.VendorKey,
        From = current.State,
        To = to,
        Detail = detail,
        ChangedBy = changedBy,
        Reason = reason is null ? null : Truncate(reason, MaxReasonLength),
        At = now,
    };

    private static string Truncate(string text, int max) => text.Length <= max ? text : text.Substring(0, max - 1) + "…";

    private static string? WhyNot(DeliveryState from, DeliveryState to, DateTimeOffset? sentAt)
    {
        var sent = sentAt is DateTimeOffset at ? $" on {at.ToUniversalTime():u}" : string.Empty;
        return (from, to) switch
        {
            (DeliveryState.Sending, _) => "it is being sent now",
            (_, DeliveryState.Responded) => null,
            (DeliveryState.Responded, DeliveryState.Sent) => null,
            (DeliveryState.Responded, DeliveryState.Queued) => "the vendor answered; set it to Sent first if the answer was recorded by mistake",
            (DeliveryState.Responded, _) => "the vendor answered",
            (DeliveryState.Sent, DeliveryState.Queued) => null,
            (DeliveryState.Sent, _) => $"it was sent{sent}; excluding it would hide that",
            (DeliveryState.InDoubt, _) => null,
            (_, DeliveryState.Sent) => "RfqSender has not sent it (only an InDoubt delivery can be confirmed as Sent); to record that the vendor was asked another way, set it to Skipped with a reason",
            _ => null,
        };
    }
}
