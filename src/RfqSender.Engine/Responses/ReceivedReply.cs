using RfqSender.Engine.Tracking;

namespace RfqSender.Engine.Responses;

/// <summary>One message read from a source: its record (as the store holds it now), or why it could not be read.</summary>
public sealed class ReceivedReply
{
    /// <summary>The source it came from.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>Its id in the source.</summary>
    public string SourceId { get; init; } = string.Empty;

    /// <summary>The record; null when the message could not be parsed.</summary>
    public InboundRecord? Record { get; init; }

    /// <summary>True when it was recorded now; false when the store held it already (nothing changed) or it was unreadable.</summary>
    public bool IsNew { get; init; }

    /// <summary>True when its delivery's state changed.</summary>
    public bool DeliveryChanged { get; init; }

    /// <summary>Why it could not be read, or null.</summary>
    public string? Problem { get; init; }

    /// <inheritdoc />
    public override string ToString() => Record?.ToString() ?? $"{SourceId}: {Problem}";
}
