using System.Globalization;
using System.Text;

namespace RfqSender.Engine.Messages;

/// <summary>
/// An e-mail mailbox: an optional display name and an address (RFC 5322 addr-spec, with RFC 6531
/// internationalised local parts and IDNA domains). Parsing validates; an instance is always valid.
/// </summary>
public sealed class MailboxAddress : IEquatable<MailboxAddress>
{
    private const string AtomSpecials = "!#$%&'*+-/=?^_`{|}~";
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    private MailboxAddress(string? displayName, string localPart, string domain, string asciiDomain)
    {
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName!.Trim();
        LocalPart = localPart;
        Domain = domain;
        AsciiDomain = asciiDomain;
    }

    /// <summary>The display name, or null when there is none.</summary>
    public string? DisplayName { get; }

    /// <summary>The local part as written (quoted local parts keep their quotes).</summary>
    public string LocalPart { get; }

    /// <summary>The domain in Unicode form, lower-case.</summary>
    public string Domain { get; }

    /// <summary>The domain in ASCII (Punycode) form, lower-case.</summary>
    public string AsciiDomain { get; }

    /// <summary>The address with the Unicode domain, e.g. <c>anna@müller.de</c>.</summary>
    public string Address => LocalPart + "@" + Domain;

    /// <summary>The address with the ASCII domain, e.g. <c>anna@xn--mller-kva.de</c>: what goes on the wire.</summary>
    public string AsciiAddress => LocalPart + "@" + AsciiDomain;

    /// <summary>True when the local part holds non-ASCII characters, so SMTP needs the SMTPUTF8 extension.</summary>
    public bool RequiresSmtpUtf8 => !IsAscii(LocalPart);

    /// <summary>Parses <c>addr</c>, <c>Name &lt;addr&gt;</c> or <c>"Last, First" &lt;addr&gt;</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid mailbox; the message says why.</exception>
    public static MailboxAddress Parse(string text)
    {
        if (TryParse(text, out var address, out var error))
        {
            return address;
        }

        throw new FormatException(error);
    }

    /// <summary>Parses a mailbox, returning a reason instead of throwing.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MailboxAddress? address, out string error)
    {
        address = null;
        error = string.Empty;
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            error = "the address is empty";
            return false;
        }

        string? displayName = null;
        var addrSpec = trimmed;
        var open = trimmed.LastIndexOf('<');
        if (open >= 0 || trimmed.EndsWith(">", StringComparison.Ordinal))
        {
            var close = trimmed.LastIndexOf('>');
            if (open < 0 || close != trimmed.Length - 1 || close < open)
            {
                error = $"'{trimmed}' has unbalanced angle brackets";
                return false;
            }

            displayName = Unquote(trimmed.Substring(0, open).Trim());
            addrSpec = trimmed.Substring(open + 1, close - open - 1).Trim();
        }

        if (CheckDisplayName(displayName) is { } problem)
        {
            error = problem;
            return false;
        }

        if (!TryParseAddrSpec(addrSpec, out var localPart, out var domain, out var asciiDomain, out error))
        {
            return false;
        }

        address = new MailboxAddress(displayName, localPart, domain, asciiDomain);
        return true;
    }

    /// <summary>Returns a copy with another display name.</summary>
    /// <exception cref="FormatException">The name holds a line break or another control character, or is too long.</exception>
    public MailboxAddress WithDisplayName(string? displayName) =>
        CheckDisplayName(displayName) is { } problem ? throw new FormatException(problem) : new(displayName, LocalPart, Domain, AsciiDomain);

    /// <summary>The longest display name.</summary>
    public const int MaxDisplayNameLength = 256;

    /// <summary>Why a display name cannot be used (a line break, another control character, too long), or null.</summary>
    public static string? CheckDisplayName(string? displayName)
    {
        if (displayName is null)
        {
            return null;
        }

        if (displayName.IndexOf('\r') >= 0 || displayName.IndexOf('\n') >= 0 || displayName.IndexOf('\u2028') >= 0 || displayName.IndexOf('\u2029') >= 0)
        {
            return "the display name contains a line break";
        }

        if (displayName.Any(char.IsControl))
        {
            return "the display name contains a control character";
        }

        return displayName.Length > MaxDisplayNameLength
            ? $"the display name is {displayName.Length.ToString(CultureInfo.InvariantCulture)} characters long; at most {MaxDisplayNameLength.ToString(CultureInfo.InvariantCulture)} are allowed"
            : null;
    }

    /// <inheritdoc />
    public bool Equals(MailboxAddress? other) =>
        other is not null
        && string.Equals(LocalPart, other.LocalPart, StringComparison.OrdinalIgnoreCase)
        && string.Equals(AsciiDomain, other.AsciiDomain, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MailboxAddress);

    /// <inheritdoc />
    public override int GetHashCode() =>
        StringComparer.OrdinalIgnoreCase.GetHashCode(LocalPart) ^ StringComparer.Ordinal.GetHashCode(AsciiDomain);

    /// <summary><c>Name &lt;addr&gt;</c>, or the bare address when there is no name.</summary>
    public override string ToString() => DisplayName is null ? Address : $"{DisplayName} <{Address}>";

    private static bool TryParseAddrSpec(string addrSpec, out string localPart, out string domain, out string asciiDomain, out string error)
    {
        localPart = domain = asciiDomain = string.Empty;
        error = string.Empty;
        if (addrSpec.Length == 0)
        {
            error = "the address is empty";
            return false;
        }

        foreach (var c in addrSpec)
        {
            if (char.IsWhiteSpace(c) && !addrSpec.StartsWith("\"", StringComparison.Ordinal))
            {
                error = $"'{addrSpec}' contains white space";
                return false;
            }

            if (char.IsControl(c))
            {
                error = $"'{addrSpec}' contains a control character";
                return false;
            }
        }

        var at = addrSpec.LastIndexOf('@');
        if (at <= 0 || at == addrSpec.Length - 1)
        {
            error = $"'{addrSpec}' is not of the form name@domain";
            return false;
        }

        localPart = addrSpec.Substring(0, at);
        var rawDomain = addrSpec.Substring(at + 1);
        if (!IsValidLocalPart(localPart, out error))
        {
            error = $"'{addrSpec}': {error}";
            return false;
        }

        if (!TryNormalizeDomain(rawDomain, out domain, out asciiDomain, out error))
        {
            error = $"'{addrSpec}': {error}";
            return false;
        }

        return true;
    }

    private static bool IsValidLocalPart(string localPart, out string error)
    {
        error = string.Empty;
        if (Encoding.UTF8.GetByteCount(localPart) > 64)
        {
            error = "the part before @ is longer than 64 bytes";
            return false;
        }

        if (localPart.Length >= 2 && localPart[0] == '"' && localPart[localPart.Length - 1] == '"')
        {
            for (var i = 1; i < localPart.Length - 1; i++)
            {
                var c = localPart[i];
                if (c == '\\')
                {
                    i++;
                    continue;
                }

                if (c == '"')
                {
                    error = "the quoted part before @ has an unescaped quote";
                    return false;
                }
            }

            return true;
        }

        if (localPart[0] == '.' || localPart[localPart.Length - 1] == '.' || localPart.Contains(".."))
        {
            error = "dots before @ may not lead, trail or repeat";
            return false;
        }

        foreach (var c in localPart)
        {
            var ok = c == '.' || (c < 128 ? char.IsLetterOrDigit(c) || AtomSpecials.IndexOf(c) >= 0 : !char.IsWhiteSpace(c));
            if (!ok)
            {
                error = $"the character '{c}' is not allowed before @";
                return false;
            }
        }

        return true;
    }

    private static bool TryNormalizeDomain(string rawDomain, out string domain, out string asciiDomain, out string error)
    {
        domain = asciiDomain = string.Empty;
        error = string.Empty;
        if (rawDomain.StartsWith("[", StringComparison.Ordinal))
        {
            error = "address literals such as [192.0.2.1] are not accepted; use a domain name";
            return false;
        }

        var candidate = rawDomain.TrimEnd('.');
        if (candidate.IndexOf('.') < 0)
        {
            error = $"the domain '{rawDomain}' has no dot (a top-level domain is missing)";
            return false;
        }

        try
        {
            asciiDomain = Idn.GetAscii(candidate).ToLowerInvariant();
            domain = Idn.GetUnicode(asciiDomain);
        }
        catch (ArgumentException)
        {
            error = $"the domain '{rawDomain}' is not a valid domain name";
            return false;
        }

        if (asciiDomain.Length > 253)
        {
            error = $"the domain '{rawDomain}' is longer than 253 characters";
            return false;
        }

        foreach (var label in asciiDomain.Split('.'))
        {
            if (label.Length == 0 || label.Length > 63 || label[0] == '-' || label[label.Length - 1] == '-')
            {
                error = $"the domain '{rawDomain}' has an invalid label '{label}'";
                return false;
            }
        }

        var tld = asciiDomain.Substring(asciiDomain.LastIndexOf('.') + 1);
        if (tld.All(char.IsDigit))
        {
            error = $"the domain '{rawDomain}' ends in a number, not a top-level domain";
            return false;
        }

        return true;
    }

    private static string? Unquote(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"')
        {
            var inner = value.Substring(1, value.Length - 2);
            var sb = new StringBuilder(inner.Length);
            for (var i = 0; i < inner.Length; i++)
            {
                if (inner[i] == '\\' && i + 1 < inner.Length)
                {
                    i++;
                }

                sb.Append(inner[i]);
            }

            return sb.ToString();
        }

        return value;
    }

    private static bool IsAscii(string value)
    {
        foreach (var c in value)
        {
            if (c > 127)
            {
                return false;
            }
        }

        return true;
    }
}
