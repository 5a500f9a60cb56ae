namespace RfqSender.Engine.Tracking;

/// <summary>One vendor's delivery of an RFQ as the store knows it.</summary>
public sealed class DeliveryRecord
{
    /// <summary>Store-assigned id.</summary>
    public long Id { get; set; }

    /// <summary>The RFQ number (campaign key).</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The vendor's stable key.</summary>
    public string VendorKey { get; set; } = string.Empty;

    /// <summary>The vendor's name.</summary>
    public string VendorName { get; set; } = string.Empty;

    /// <summary>The To addresses (a list; its text joins them with "; ").</summary>
    public IReadOnlyList<string> To { get; set; } = TextList.Empty;

    /// <summary>The Cc addresses (a list; its text joins them with "; ").</summary>
    public IReadOnlyList<string> Cc { get; set; } = TextList.Empty;

    /// <summary>The vendor's categories.</summary>
    public IReadOnlyList<string> Categories { get; set; } = Array.Empty<string>();

    /// <summary>Current state.</summary>
    public DeliveryState State { get; set; }

    /// <summary>How many times a send was attempted.</summary>
    public int Attempts { get; set; }

    /// <summary>The deterministic Message-ID of this delivery.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>The transport's last words: server reply, file written, or failure reason.</summary>
    public string? Detail { get; set; }

    /// <summary>When the delivery was accepted by the transport.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>When a deferred delivery is due again.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>Who holds the current claim, when one is held.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>The version of the RFQ (<see cref="CampaignRecord.Version"/>) this vendor was sent, once sent.</summary>
    public int? RfqVersion { get; set; }

    /// <summary>
    /// Recipients the server refused for now while the others got the message: the delivery stays
    /// due (Deferred) and its next attempt goes to these only, with the same Message-ID. Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> PendingRecipients { get; set; } = TextList.Empty;

    /// <summary>When the current claim expires.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>When the delivery was registered.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the delivery last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The last recorded change of this delivery's state (Set-RfqDelivery, a reply read or assigned), or null when none was made.</summary>
    public DeliveryChange? LastChange { get; set; }

    /// <summary>How many reminders the vendor was sent (accepted by the transport) after the RFQ itself.</summary>
    public int Reminders { get; set; }

    /// <summary>When the last reminder was accepted by the transport; null when none was.</summary>
    public DateTimeOffset? LastReminderAt { get; set; }

    /// <summary>
    /// The number of the reminder this delivery is queued, being sent, deferred or in doubt with; null when
    /// no reminder is under way. While it is set, the delivery's message is that reminder, not the RFQ.
    /// </summary>
    public int? ReminderPending { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{RfqNumber} {VendorName} [{VendorKey}]: {State}";
}
