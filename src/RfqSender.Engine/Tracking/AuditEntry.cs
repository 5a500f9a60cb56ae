namespace RfqSender.Engine.Tracking;

/// <summary>
/// One operator action recorded in the store (a pause, an unpause, a vendor excluded, a reply
/// assigned): who, when, what and from which front end. Its detail never holds a secret, a message
/// body or an address.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>Store-assigned id (0 before it is recorded).</summary>
    public long Id { get; set; }

    /// <summary>When it was done (the store's clock).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Who did it.</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>What was done: <c>pause</c>, <c>unpause</c>, <c>exclude</c>, <c>assign-reply</c>...</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The campaign, when the action concerns one.</summary>
    public string? RfqNumber { get; set; }

    /// <summary>The vendor, when the action concerns one.</summary>
    public string? VendorKey { get; set; }

    /// <summary>What else there is to say (a reason, the states changed), when anything.</summary>
    public string? Detail { get; set; }

    /// <summary>The front end it came from: <c>web</c>, <c>powershell</c>, <c>cli</c>; null when unknown.</summary>
    public string? Source { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{At.ToUniversalTime():u} {User} {Action} {RfqNumber}{(VendorKey is null ? string.Empty : " " + VendorKey)}";
}
