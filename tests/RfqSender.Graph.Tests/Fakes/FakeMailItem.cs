namespace RfqSender.Graph.Tests.Fakes;

/// <summary>A message in a fake mailbox: its Graph id, folder, MIME, and when it was added to (or last changed in) and removed from its folder, on the mailbox's change clock.</summary>
public sealed class FakeMailItem
{
    public required string Id { get; init; }

    public required string FolderId { get; init; }

    public required byte[] Mime { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public string? InternetMessageId { get; init; }

    /// <summary>The change clock when it was added or last changed.</summary>
    public long Seq { get; set; }

    /// <summary>The change clock when it left the folder (moved or deleted), or null while it is there.</summary>
    public long? RemovedSeq { get; set; }
}
