namespace RfqSender.Engine.Tracking;

/// <summary>
/// How far a mailbox source has been read, remembered in the store so the next read starts after
/// it: for IMAP the folder's UIDVALIDITY and the last UID read, for Microsoft Graph the delta link.
/// </summary>
public sealed class SourceReadState
{
    /// <summary>The source's stable name.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The folder read (for example <c>INBOX</c>); empty when the source has none.</summary>
    public string Folder { get; set; } = string.Empty;

    /// <summary>The IMAP folder's UIDVALIDITY when its last UID was read; when it changes, the UIDs mean other messages.</summary>
    public long? UidValidity { get; set; }

    /// <summary>The last IMAP UID read and recorded.</summary>
    public long? LastUid { get; set; }

    /// <summary>The Graph delta link to ask for changes after the last read.</summary>
    public string? DeltaLink { get; set; }

    /// <summary>When the state was saved.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
