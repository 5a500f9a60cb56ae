namespace RfqSender.Engine.Documents;

/// <summary>
/// A document exceeds one of the <see cref="DocumentLimits"/>. Readers turn it into their own error
/// (a vendor input error, an RFQ definition error, a settings error) with the file's name.
/// </summary>
internal sealed class DocumentLimitException : Exception
{
    public DocumentLimitException(int? line, string message)
        : base(message)
    {
        Line = line;
    }

    /// <summary>The 1-based line where the limit was crossed; null for the size of the file.</summary>
    public int? Line { get; }
}
