namespace RfqSender.Engine.Responses;

/// <summary>One header field of an inbound message, its value decoded and unfolded.</summary>
public sealed class InboundHeader
{
    /// <summary>Creates a header field.</summary>
    public InboundHeader(string name, string value)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Value = value ?? string.Empty;
    }

    /// <summary>The field name as written.</summary>
    public string Name { get; }

    /// <summary>The value, decoded (RFC 2047) and unfolded.</summary>
    public string Value { get; }

    /// <summary><c>Name: value</c>.</summary>
    public override string ToString() => Name + ": " + Value;
}
