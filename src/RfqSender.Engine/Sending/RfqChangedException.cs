namespace RfqSender.Engine.Sending;

/// <summary>
/// The RFQ being sent differs from the one the campaign's earlier vendors received (same number,
/// other content). Nothing is sent unless the caller allows the change, so vendors of one campaign
/// never get different RFQs without anyone deciding so.
/// </summary>
public sealed class RfqChangedException : RfqSenderException
{
    /// <summary>Creates the exception.</summary>
    public RfqChangedException(string rfqNumber, IReadOnlyList<string> changedParts, int version, int received)
        : base(
            FailureKind.InvalidInput,
            $"{rfqNumber} changed since {received} vendor(s) received version {version} of it ({string.Join(", ", changedParts)} differ). "
            + "Nothing was sent. Give the changed RFQ a new number, or, to send the changed version to the vendors not yet mailed, "
            + "run again with -AllowChangedRfq (--allow-changed-rfq); each delivery records the version its vendor received.")
    {
        RfqNumber = rfqNumber;
        ChangedParts = changedParts;
        Version = version;
        Received = received;
    }

    /// <summary>The campaign.</summary>
    public string RfqNumber { get; }

    /// <summary>The parts that changed: title, dueDate, from, replyTo, subject, body, bodyHtml, items, attachments, fields.</summary>
    public IReadOnlyList<string> ChangedParts { get; }

    /// <summary>The version the earlier vendors received.</summary>
    public int Version { get; }

    /// <summary>How many vendors were sent (or may have been sent) that version.</summary>
    public int Received { get; }
}
