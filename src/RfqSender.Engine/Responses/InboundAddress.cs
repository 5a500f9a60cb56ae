using System.Globalization;

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
        AsciiDomain = ToAscii(Domain);
    }

    /// <summary>The display name, or null when there is none.</summary>
    public string? Name { get; }

    /// <summary>The address (addr-spec) as written.</summary>
    public string Address { get; }

    /// <summary>The part before the last '@' as written.</summary>
    public string LocalPart { get; }

    /// <summary>The domain in lower case, or empty when the address has none.</summary>
    public string Domain { get; }

    /// <summary>The domain in its ASCII (IDNA) form, lower case: <c>müller.de</c> and <c>xn--mller-kva.de</c> are the same domain.</summary>
    public string AsciiDomain { get; }

    /// <summary>The mailbox as a comparison key: the local part and the ASCII domain, lower case.</summary>
    public string Key => LocalPart.ToLowerInvariant() + "@" + AsciiDomain;

    /// <summary>Reads <c>address</c>, <c>&lt;address&gt;</c> or <c>Name &lt;address&gt;</c> as written in a list of addresses.</summary>
    public static InboundAddress Parse(string text)
    {
        var value = (text ?? throw new ArgumentNullException(nameof(text))).Trim();
        var open = value.LastIndexOf('<');
        var close = value.LastIndexOf('>');
        return open >= 0 && close > open
            ? new InboundAddress(value.Substring(0, open).Trim().Trim('"'), value.Substring(open + 1, close - open - 1))
            : new InboundAddress(null, value);
    }

    private static string ToAscii(string domain)
    {
        try
        {
            return domain.Length == 0 ? domain : new IdnMapping().GetAscii(domain).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return domain;
        }
    }

    /// <summary><c>Name &lt;address&gt;</c>, or the address alone.</summary>
    public override string ToString() => Name is null ? Address : $"{Name} <{Address}>";
}
