using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Messages;
using RfqSender.Engine.Rfqs;
using RfqSender.Engine.Vendors;

namespace RfqSender.Engine.Sending;

/// <summary>
/// The quote sheets an RFQ asks each vendor's message to carry (<see cref="Rfq.QuoteSheets"/>): made for the vendor
/// with the store's secret, so the reference in the sheet verifies when the reply brings it back. Without a store
/// (a preview, a test send) the sheets are made with a secret of this process, so they look as sent but no store takes them.
/// </summary>
internal sealed class QuoteSheetAttachments
{
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private readonly Rfq _rfq;
    private readonly Lazy<QuoteSheetWriter> _preview;

    public QuoteSheetAttachments(Rfq rfq)
    {
        _rfq = rfq;
        _preview = new Lazy<QuoteSheetWriter>(() => new QuoteSheetWriter(Responses.DeliveryReference.CreateSecret()));
    }

    /// <summary>The sheets for <paramref name="vendor"/>; none when the RFQ asks for none.</summary>
    public IReadOnlyList<EncodedAttachment> For(Vendor vendor, byte[]? secret)
    {
        if (_rfq.QuoteSheets == QuoteSheetKinds.None)
        {
            return Array.Empty<EncodedAttachment>();
        }

        var writer = secret is null ? _preview.Value : new QuoteSheetWriter(secret);
        var sheets = new List<EncodedAttachment>(2);
        if (_rfq.QuoteSheets.HasFlag(QuoteSheetKinds.Xlsx))
        {
            sheets.Add(EncodedAttachment.FromBytes(writer.Create(_rfq, vendor.Key, vendor.Name, QuoteSheetFormat.Xlsx), QuoteSheetWriter.FileName(_rfq, QuoteSheetFormat.Xlsx), XlsxType));
        }

        if (_rfq.QuoteSheets.HasFlag(QuoteSheetKinds.Csv))
        {
            sheets.Add(EncodedAttachment.FromBytes(writer.Create(_rfq, vendor.Key, vendor.Name, QuoteSheetFormat.Csv), QuoteSheetWriter.FileName(_rfq, QuoteSheetFormat.Csv), "text/csv"));
        }

        return sheets;
    }
}
