using RfqSender.Engine.Quotes;
using RfqSender.Engine.Tracking;

namespace RfqSender.Web.Pages;

/// <summary>What a vendor's page shows: the delivery and everything that happened to it.</summary>
public sealed class VendorView
{
    /// <summary>The delivery.</summary>
    public DeliveryRecord Delivery { get; set; } = new();

    /// <summary>Its recorded state changes (with the server's words), oldest first.</summary>
    public IReadOnlyList<DeliveryChange> Changes { get; set; } = Array.Empty<DeliveryChange>();

    /// <summary>Its send attempts (outcome, the server's reply, the sender), oldest first.</summary>
    public IReadOnlyList<DeliveryAttempt> Attempts { get; set; } = Array.Empty<DeliveryAttempt>();

    /// <summary>Its reminder attempts, oldest first.</summary>
    public IReadOnlyList<ReminderAttempt> Reminders { get; set; } = Array.Empty<ReminderAttempt>();

    /// <summary>The replies, bounces and auto-replies matched to it, with their files.</summary>
    public IReadOnlyList<InboundRecord> Replies { get; set; } = Array.Empty<InboundRecord>();

    /// <summary>The quote sheets it sent back.</summary>
    public IReadOnlyList<VendorQuote> Quotes { get; set; } = Array.Empty<VendorQuote>();
}
