namespace RfqSender.Engine.Responses;

/// <summary>An inbound message could not be read at all (not a MIME message, or its file could not be opened).</summary>
public sealed class InboundMessageException : RfqSenderException
{
    /// <summary>Creates the exception naming the source that could not be read.</summary>
    public InboundMessageException(string source, string message, Exception? innerException)
        : base(FailureKind.InvalidInput, $"{source}: {message}", innerException)
    {
        SourceName = source;
    }

    /// <summary>The file or mailbox item that could not be read.</summary>
    public string SourceName { get; }
}
