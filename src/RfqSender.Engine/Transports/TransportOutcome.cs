namespace RfqSender.Engine.Transports;

/// <summary>What a transport says about one message.</summary>
public sealed class TransportOutcome
{
    /// <summary>Creates an outcome.</summary>
    public TransportOutcome(TransportOutcomeKind kind, string? detail = null, TimeSpan? retryAfter = null)
    {
        Kind = kind;
        Detail = detail;
        RetryAfter = retryAfter;
    }

    /// <summary>Sent, transient, permanent or in doubt.</summary>
    public TransportOutcomeKind Kind { get; }

    /// <summary>The server's words, a file path, or why it failed; never a secret.</summary>
    public string? Detail { get; }

    /// <summary>A server hint of when to try again, for transient outcomes.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// For a message the server took for some recipients only: the ones it refused, each with the
    /// server's words and whether the refusal was for now (4xx) or for good (5xx). They did not get
    /// the message. Empty when every recipient was accepted (or the message was not sent at all).
    /// </summary>
    public IReadOnlyList<RefusedRecipient> Refused { get; init; } = Array.Empty<RefusedRecipient>();

    /// <summary>
    /// <see cref="Refused"/> as one line (<c>a@x.example: 452 ...; b@x.example: 550 ...</c>), or null
    /// when no recipient was refused.
    /// </summary>
    public string? RefusedRecipients => Refused.Count == 0 ? null : RefusedRecipient.Describe(Refused);

    /// <summary>A sent outcome.</summary>
    public static TransportOutcome Sent(string? detail = null) => new(TransportOutcomeKind.Sent, detail);

    /// <inheritdoc />
    public override string ToString() => Detail is null ? Kind.ToString() : $"{Kind}: {Detail}";
}
