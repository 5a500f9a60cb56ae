namespace RfqSender.Engine.Messages;

/// <summary>
/// A message cannot be written as MIME: a header value that would break the header block, an address
/// that needs SMTPUTF8 in 7-bit mode, an invalid attachment name. The message names the header or file.
/// </summary>
public sealed class MimeWriteException : RfqSenderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="headerName">The header (or part) concerned, e.g. <c>Subject</c>; null when none applies.</param>
    /// <param name="message">What is wrong, written for the user.</param>
    public MimeWriteException(string? headerName, string message)
        : base(FailureKind.InvalidInput, message)
    {
        HeaderName = headerName;
    }

    /// <summary>The header concerned, e.g. <c>To</c> or <c>X-RFQ-Number</c>; null when none applies.</summary>
    public string? HeaderName { get; }
}
