namespace RfqSender.Engine.Transports;

/// <summary>A recipient the server refused while it took the message for others.</summary>
public sealed class RefusedRecipient
{
    /// <summary>Creates a refusal.</summary>
    public RefusedRecipient(string address, bool transient, string reply)
    {
        Address = address ?? throw new ArgumentNullException(nameof(address));
        Transient = transient;
        Reply = reply ?? string.Empty;
    }

    /// <summary>The address, e.g. <c>buyer@vendor.example</c>.</summary>
    public string Address { get; }

    /// <summary>True for a refusal for now (4xx, or no answer), worth trying again; false for a 5xx.</summary>
    public bool Transient { get; }

    /// <summary>The server's words, e.g. <c>452 4.2.2 Mailbox full</c>.</summary>
    public string Reply { get; }

    /// <summary>The refusals as one line: <c>a@x.example: 452 ...; b@x.example: 550 ...</c>.</summary>
    public static string Describe(IEnumerable<RefusedRecipient> refused) =>
        string.Join("; ", refused.Select(r => r.ToString()));

    /// <inheritdoc />
    public override string ToString() => Address + ": " + Reply;
}
