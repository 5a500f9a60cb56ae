namespace RfqSender.Engine.Tracking;

/// <summary>A change to one vendor's delivery that was refused; nothing was changed. The message names the campaign, the vendor and the state.</summary>
public sealed class DeliveryCorrectionException : RfqSenderException
{
    /// <summary>Creates the refusal.</summary>
    public DeliveryCorrectionException(DeliveryCorrectionRefusal refusal, string rfqNumber, string vendorKey, string message)
        : base(FailureKind.InvalidInput, message)
    {
        Refusal = refusal;
        RfqNumber = rfqNumber;
        VendorKey = vendorKey;
    }

    /// <summary>Why.</summary>
    public DeliveryCorrectionRefusal Refusal { get; }

    /// <summary>The RFQ number.</summary>
    public string RfqNumber { get; }

    /// <summary>The vendor's key.</summary>
    public string VendorKey { get; }
}
