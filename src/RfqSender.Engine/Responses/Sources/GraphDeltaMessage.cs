namespace RfqSender.Engine.Responses.Sources;

/// <summary>A message a Graph delta page names: its Graph id and when it arrived.</summary>
internal sealed class GraphDeltaMessage
{
    public GraphDeltaMessage(string id, DateTimeOffset? receivedAt)
    {
        Id = id;
        ReceivedAt = receivedAt;
    }

    /// <summary>The message's id in the mailbox (the source id it is recorded under).</summary>
    public string Id { get; }

    /// <summary>Graph's receivedDateTime, or null.</summary>
    public DateTimeOffset? ReceivedAt { get; }
}
