namespace RfqSender.Engine.Responses.Sources;

/// <summary>Where replies are read from.</summary>
public enum ReplySourceKind
{
    /// <summary>A folder of <c>.eml</c> files (the embedded default: no mail server needed).</summary>
    Folder,

    /// <summary>An IMAP mailbox folder (MailKit), read incrementally by UIDVALIDITY and UID.</summary>
    Imap,

    /// <summary>An Exchange Online mailbox folder through Microsoft Graph, read incrementally by a delta query.</summary>
    Graph,
}
