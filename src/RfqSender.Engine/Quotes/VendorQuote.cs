using RfqSender.Engine.Documents.QuoteSheets;

namespace RfqSender.Engine.Quotes;

/// <summary>A quote sheet a vendor's reply brought back, read into quote lines or flagged for review.</summary>
public sealed class VendorQuote
{
    /// <summary>The store's id of the quote (0 before it is recorded).</summary>
    public long Id { get; set; }

    /// <summary>The campaign.</summary>
    public string RfqNumber { get; set; } = string.Empty;

    /// <summary>The vendor whose reply brought the sheet.</summary>
    public string VendorKey { get; set; } = string.Empty;

    /// <summary>The vendor's name.</summary>
    public string VendorName { get; set; } = string.Empty;

    /// <summary>The delivery the reply was matched to.</summary>
    public long DeliveryId { get; set; }

    /// <summary>The reply (inbound message) the sheet came with.</summary>
    public long? InboundId { get; set; }

    /// <summary>The attachment's file name.</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>The SHA-256 of the attachment (hex), which with the reply identifies the sheet.</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>Where the attachment was saved, when it was.</summary>
    public string? SavedPath { get; set; }

    /// <summary>When the reply arrived.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>Whether the sheet was taken or needs review.</summary>
    public QuoteStatus Status { get; set; }

    /// <summary>The quote lines (every line item of the RFQ, quoted or not), when the sheet was accepted.</summary>
    public IReadOnlyList<QuoteLine> Lines { get; set; } = Array.Empty<QuoteLine>();

    /// <summary>What is wrong with the sheet, cell by cell (such as <c>Quote!F9: expected a unit price ...; found the text 'call us'</c>).</summary>
    public IReadOnlyList<string> Problems { get; set; } = Array.Empty<string>();

    /// <summary>The line items quoted (with a unit price).</summary>
    public int Quoted => Lines.Count(l => l.IsQuoted);

    /// <inheritdoc />
    public override string ToString() => Status == QuoteStatus.Accepted
        ? $"{RfqNumber} {VendorKey}: {Quoted} of {Lines.Count} items quoted ({FileName})"
        : $"{RfqNumber} {VendorKey}: needs review, {Problems.Count} problem(s) ({FileName})";
}
