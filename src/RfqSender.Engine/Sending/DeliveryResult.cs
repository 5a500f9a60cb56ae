using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Sending;

/// <summary>The result of one vendor in a send run, streamed as it happens.</summary>
public sealed class DeliveryResult
{
    /// <summary>The RFQ number.</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The vendor's stable key.</summary>
    public string VendorKey { get; set; } = string.Empty;

    /// <summary>The vendor's name.</summary>
    public string Vendor { get; set; } = string.Empty;

    /// <summary>The To addresses (a list; its text joins them with "; ").</summary>
    public IReadOnlyList<string> To { get; set; } = TextList.Empty;

    /// <summary>The Cc addresses (a list; its text joins them with "; ").</summary>
    public IReadOnlyList<string> Cc { get; set; } = TextList.Empty;

    /// <summary>What this run did.</summary>
    public SendAction Action { get; set; }

    /// <summary>The delivery's state after this run.</summary>
    public DeliveryState State { get; set; }

    /// <summary>The transport's words, the file written, or why nothing was done.</summary>
    public string? Detail { get; set; }

    /// <summary>
    /// Addresses the vendor has now that its delivery was not sent to (contacts added after it was
    /// sent, e.g. from a later row of the same vendor); null when there are none.
    /// </summary>
    public IReadOnlyList<string>? UnsentContacts { get; set; }

    /// <summary>
    /// Recipients refused for good (address and reply, <c>"; "</c>-separated), or given up on after the
    /// last attempt: they did not get the message. Null when there are none.
    /// </summary>
    public string? RefusedRecipients { get; set; }

    /// <summary>
    /// Recipients refused for now while the others got the message (address and reply,
    /// <c>"; "</c>-separated): the delivery stays Deferred and they are tried again later with the
    /// same Message-ID. Null when none are left.
    /// </summary>
    public string? PendingRecipients { get; set; }

    /// <summary>The Message-ID of the delivery.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>Attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the result was produced.</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The number of the reminder this result is about (sent, would be sent, or under way); null for the RFQ itself.</summary>
    public int? Reminder { get; set; }

    /// <summary>True when the action is a failure the caller should see as an error.</summary>
    public bool IsError => Action is SendAction.Failed or SendAction.InDoubt;

    /// <summary>True when some recipients will not get the message (refused for good, or given up on).</summary>
    public bool HasRefusedRecipients => RefusedRecipients is not null;

    /// <summary>The result of a delivery of a campaign, from its record.</summary>
    internal static DeliveryResult Of(DeliveryRecord record, SendAction action, DeliveryState state, string? detail, DateTimeOffset at) => new()
    {
        RfqNumber = record.RfqNumber,
        VendorKey = record.VendorKey,
        Vendor = record.VendorName,
        To = record.To,
        Cc = record.Cc,
        Action = action,
        State = state,
        Detail = detail,
        MessageId = record.MessageId,
        Attempts = record.Attempts,
        Timestamp = at,
        Reminder = record.ReminderPending,
    };

    /// <inheritdoc />
    public override string ToString() => $"{Vendor}: {Action} ({State})" + (Detail is null ? string.Empty : " - " + Detail);
}
