using RfqSender.Engine.Messages;

namespace RfqSender.Engine.Rfqs;

/// <summary>The attachments of an RFQ, checked and encoded once for every message of a send.</summary>
public sealed class PreparedAttachments
{
    /// <summary>Creates the result.</summary>
    public PreparedAttachments(IReadOnlyList<EncodedAttachment> attachments, IReadOnlyList<string> compressedFileNames)
    {
        Attachments = attachments;
        CompressedFileNames = compressedFileNames;
    }

    /// <summary>The encoded attachments, in the RFQ's order.</summary>
    public IReadOnlyList<EncodedAttachment> Attachments { get; }

    /// <summary>Names (as sent, ending in <c>.zip</c>) of the attachments that were zipped.</summary>
    public IReadOnlyList<string> CompressedFileNames { get; }

    /// <summary>Total size of the encoded parts in bytes.</summary>
    public long TotalEncodedBytes => Attachments.Sum(a => a.EncodedLength);
}
