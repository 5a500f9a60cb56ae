namespace RfqSender.Engine;

/// <summary>
/// What kind of failure stopped an engine operation. Every front end maps it in one table: the
/// cmdlets to an error category, the CLI to an exit code.
/// </summary>
public enum FailureKind
{
    /// <summary>The input is wrong (RFQ, vendors, templates, attachments, arguments): fix it and run again; nothing was sent from it.</summary>
    InvalidInput,

    /// <summary>The settings are wrong or incomplete (a settings file, RFQSENDER_* variables, transport or sign-in parameters).</summary>
    Configuration,

    /// <summary>The store could not be opened, read or written.</summary>
    Store,

    /// <summary>The transport could not send at all (connection, TLS, credentials, access).</summary>
    Transport,

    /// <summary>The operation was stopped (Ctrl+C); what it did is recorded and it can be resumed.</summary>
    Cancelled,
}
