namespace RfqSender.Engine.Transports.Smtp;

/// <summary>The server answered a TLS handshake in plain text (<see cref="TlsRecordGuardStream"/>).</summary>
internal sealed class PlainTextInsteadOfTlsException : IOException
{
    public PlainTextInsteadOfTlsException(string firstLine)
        : base($"the server answered in plain text ('{firstLine}') where a TLS handshake was expected")
    {
        FirstLine = firstLine;
    }

    /// <summary>What the server sent, printable characters only.</summary>
    public string FirstLine { get; }
}
