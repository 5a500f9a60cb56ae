using System.Globalization;

namespace RfqSender.Engine.Responses;

/// <summary>What <see cref="ReplyClassifier"/> found a message to be, and why.</summary>
public sealed class ReplyClassification
{
    /// <summary>Reply, auto-reply, bounce or mailing-list message.</summary>
    public ReplyKind Kind { get; init; }

    /// <summary>True for an auto-reply that says its writer is away (out of office, vacation).</summary>
    public bool IsOutOfOffice { get; init; }

    /// <summary>
    /// For an out-of-office reply, the date its text says the writer is away until or back on (a
    /// calendar date, <see cref="DateTimeKind.Unspecified"/>); null when the text states none.
    /// </summary>
    public DateTime? AwayUntil { get; init; }

    /// <summary>For a bounce, the report: recipients, actions, status codes and the bounced Message-ID; null otherwise.</summary>
    public DeliveryStatusReport? Bounce { get; init; }

    /// <summary>For a bounce, how grave it is (permanent, transient or no failure); None otherwise.</summary>
    public BounceSeverity BounceSeverity => Bounce?.Severity ?? BounceSeverity.None;

    /// <summary>True when the message counts as the vendor's answer.</summary>
    public bool IsAnswer => Kind == ReplyKind.Reply;

    /// <summary>What the decision rests on, for example <c>Auto-Submitted: auto-replied</c>; empty for a plain reply.</summary>
    public IReadOnlyList<string> Signals { get; init; } = Array.Empty<string>();

    /// <summary>The kind and its details.</summary>
    public override string ToString() => Kind switch
    {
        ReplyKind.Bounce => $"Bounce ({BounceSeverity})",
        ReplyKind.AutoReply when IsOutOfOffice => AwayUntil is { } until ? "Out of office until " + until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "Out of office",
        _ => Kind.ToString(),
    };
}
