using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Responses.Sources;

/// <summary>One message as a source hands it over: its id there, its bytes (RFC 5322), and how far the source has read once it is recorded.</summary>
public sealed class SourceMessage
{
    /// <summary>Creates a message of a source.</summary>
    public SourceMessage(string sourceId, string folder, byte[] content, DateTimeOffset? receivedAt = null, SourceReadState? stateAfter = null)
    {
        SourceId = string.IsNullOrEmpty(sourceId) ? throw new ArgumentException("A source id is required.", nameof(sourceId)) : sourceId;
        Folder = folder ?? string.Empty;
        Content = content ?? throw new ArgumentNullException(nameof(content));
        ReceivedAt = receivedAt;
        StateAfter = stateAfter;
    }

    /// <summary>The message's id in its source: stable across reads (a relative file path, <c>UIDVALIDITY:UID</c>).</summary>
    public string SourceId { get; }

    /// <summary>The folder it is in (for example <c>INBOX</c>); empty for a source without folders.</summary>
    public string Folder { get; }

    /// <summary>The message as received.</summary>
    public byte[] Content { get; }

    /// <summary>When the source says it arrived (IMAP INTERNALDATE), or null when the source does not know.</summary>
    public DateTimeOffset? ReceivedAt { get; }

    /// <summary>The read state to save once this message is recorded; null when the source keeps none.</summary>
    public SourceReadState? StateAfter { get; }

    /// <summary>What the source needs to complete the message (an IMAP UID), or null.</summary>
    internal object? Handle { get; init; }

    /// <inheritdoc />
    public override string ToString() => Folder.Length == 0 ? SourceId : Folder + " " + SourceId;
}
