namespace RfqSender.Engine.Responses;

/// <summary>
/// A mailbox as an inbound message names it (From, Reply-To, To, Cc): read leniently, because
/// replies come from every client there is, so it is never rejected for its form.
/// </summary>
public sealed class InboundAddress
{
    /// <summary>Creates an address from its parts; the address is trimmed.</summary>
    public InboundAddress(string? name, string address)
    {
        Name = string.IsNullOrWhiteSpace(name) ? null : name!.Trim();
        Address = (address ?? throw new ArgumentNullException(nameof(address))).Trim();
        var at = Address.LastIndexOf('@');
        LocalPart = at < 0 ? Address : Address.Substring(0, at);
        Domain = at < 0 ? string.Empty : Address.Substring(at + 1).Trim().TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>The display name, or null when there is none.</summary>
    public string? Name { get; }

    /// <summary>The address (addr-spec) as written.</summary>
    public string Address { get; }

    /// <summary>The part before the last '@' as written.</summary>
    public string LocalPart { get; }

    /// <summary>The domain in lower case, or empty when the address has none.</summary>
    public string Domain { get; }

    /// <summary>True when the two addresses are the same mailbox, ignoring case.</summary>
    public bool IsSameMailbox(string? address) =>
        address is not null && string.Equals(Address, address.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary><c>Name &lt;address&gt;</c>, or the address alone.</summary>
    public override string ToString() => Name is null ? Address : $"{Name} <{Address}>";
}
