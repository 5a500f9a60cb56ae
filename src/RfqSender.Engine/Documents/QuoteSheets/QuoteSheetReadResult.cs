namespace RfqSender.Engine.Documents.QuoteSheets;

/// <summary>
/// What a returned quote sheet says: its quote lines, tied to the RFQ and vendor its verified
/// reference names, or, when anything in it is wrong, the errors a person must review. A sheet with
/// errors yields no lines at all: nothing of an altered sheet is taken as a quote.
/// </summary>
public sealed class QuoteSheetReadResult
{
    internal QuoteSheetReadResult(QuoteSheetFormat format, string sheet, QuoteSheetReference? reference, IReadOnlyList<QuoteLine> lines, IReadOnlyList<QuoteSheetError> errors, bool isQuoteSheet = false)
    {
        IsQuoteSheet = isQuoteSheet || reference is not null;
        Format = format;
        Sheet = sheet;
        Reference = reference;
        Errors = errors;
        Lines = errors.Count == 0 ? lines : Array.Empty<QuoteLine>();
    }

    /// <summary>The format the sheet was read as.</summary>
    public QuoteSheetFormat Format { get; }

    /// <summary>The name of the worksheet read (for a CSV, the name it was read under).</summary>
    public string Sheet { get; }

    /// <summary>The sheet's reference when it verified under the secret, named this RFQ and (when one was expected) this vendor; otherwise null.</summary>
    public QuoteSheetReference? Reference { get; }

    /// <summary>One line per line item of the RFQ, in its order (quoted or not); empty when <see cref="NeedsReview"/>.</summary>
    public IReadOnlyList<QuoteLine> Lines { get; }

    /// <summary>Every error found, in the order of the sheet.</summary>
    public IReadOnlyList<QuoteSheetError> Errors { get; }

    /// <summary>True when the sheet must be reviewed by a person: it has errors and yields no quote.</summary>
    public bool NeedsReview => Errors.Count > 0;

    /// <summary>
    /// True when the file is one of our quote sheets, whole or damaged: it holds a reference, the hidden
    /// reference sheet, the reference's label or the item headings where the sheet has them. False for
    /// another spreadsheet (a vendor's own price list), which is not read as a quote sheet at all.
    /// </summary>
    public bool IsQuoteSheet { get; }
}
