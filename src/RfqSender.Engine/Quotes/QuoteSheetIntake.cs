using System.Security.Cryptography;
using RfqSender.Engine.Documents.QuoteSheets;
using RfqSender.Engine.Rfqs;

namespace RfqSender.Engine.Quotes;

/// <summary>
/// Decides whether a reply's attachment is a returned quote sheet of the campaign, and reads it: a sheet
/// (XLSX or CSV by content) laid out as ours, or named as we named it, becomes a <see cref="VendorQuote"/>,
/// accepted or flagged for review; any other file (a PDF, a vendor's own price list) is not a quote sheet.
/// </summary>
public static class QuoteSheetIntake
{
    /// <summary>Whether a file of this name could be a returned sheet at all (.xlsx or .csv).</summary>
    public static bool MayBeQuoteSheet(string fileName)
    {
        var extension = Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant();
        return extension is ".xlsx" or ".csv";
    }

    /// <summary>The quote the attachment holds, or null when it is no quote sheet of ours.</summary>
    /// <param name="reader">The reader with the store's secret.</param>
    /// <param name="rfq">The campaign's RFQ (its line items).</param>
    /// <param name="vendorKey">The vendor whose reply brought the file; a sheet made for another vendor needs review.</param>
    /// <param name="fileName">The attachment's name.</param>
    /// <param name="content">The attachment's bytes.</param>
    public static VendorQuote? Read(QuoteSheetReader reader, Rfq rfq, string vendorKey, string fileName, byte[] content)
    {
        if (reader is null || rfq is null || content is null)
        {
            throw new ArgumentNullException(reader is null ? nameof(reader) : rfq is null ? nameof(rfq) : nameof(content));
        }

        if (!MayBeQuoteSheet(fileName))
        {
            return null;
        }

        using var stream = new MemoryStream(content, writable: false);
        var result = reader.Read(stream, rfq, vendorKey, null, fileName);
        var namedAsOurs = Path.GetFileNameWithoutExtension(fileName).StartsWith(
            Path.GetFileNameWithoutExtension(QuoteSheetWriter.FileName(rfq, QuoteSheetFormat.Csv)),
            StringComparison.OrdinalIgnoreCase);
        if (!result.IsQuoteSheet && !namedAsOurs)
        {
            return null;
        }

        using var sha = SHA256.Create();
        return new VendorQuote
        {
            RfqNumber = rfq.Number,
            VendorKey = vendorKey,
            FileName = fileName,
            Sha256 = Responses.InboundAttachment.ToHex(sha.ComputeHash(content)),
            Status = result.NeedsReview ? QuoteStatus.NeedsReview : QuoteStatus.Accepted,
            Lines = result.Lines,
            Problems = result.Errors.Select(e => e.ToString()).ToList(),
        };
    }
}
