using System.Globalization;

namespace RfqSender.Engine.Transports.Smtp;

/// <summary>The SMTP extensions a server announced in its EHLO reply.</summary>
public sealed class SmtpCapabilities
{
    /// <summary>What a server that only answered HELO offers: nothing.</summary>
    public static SmtpCapabilities None { get; } = new(Array.Empty<string>());

    private readonly HashSet<string> _keywords = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _authMechanisms = new();

    /// <summary>Reads the capabilities from the lines of an EHLO reply (the first line is the greeting and is skipped).</summary>
    public SmtpCapabilities(IReadOnlyList<string> ehloLines)
    {
        Lines = ehloLines ?? Array.Empty<string>();
        for (var i = 1; i < Lines.Count; i++)
        {
            var parts = Lines[i].Split(new[] { ' ', '=' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            var keyword = parts[0].ToUpperInvariant();
            _keywords.Add(keyword);
            if (keyword == "AUTH")
            {
                foreach (var mechanism in parts.Skip(1))
                {
                    if (!_authMechanisms.Contains(mechanism, StringComparer.OrdinalIgnoreCase))
                    {
                        _authMechanisms.Add(mechanism.ToUpperInvariant());
                    }
                }
            }
            else if (keyword == "SIZE" && parts.Length > 1 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0)
            {
                MaxSize = size;
            }
        }
    }

    /// <summary>The EHLO reply lines the capabilities were read from.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>RFC 2920 PIPELINING.</summary>
    public bool Pipelining => Has("PIPELINING");

    /// <summary>RFC 3207 STARTTLS.</summary>
    public bool StartTls => Has("STARTTLS");

    /// <summary>RFC 6152 8BITMIME.</summary>
    public bool EightBitMime => Has("8BITMIME");

    /// <summary>RFC 6531 SMTPUTF8.</summary>
    public bool SmtpUtf8 => Has("SMTPUTF8");

    /// <summary>RFC 2034 ENHANCEDSTATUSCODES.</summary>
    public bool EnhancedStatusCodes => Has("ENHANCEDSTATUSCODES");

    /// <summary>RFC 1870 SIZE was announced.</summary>
    public bool Size => Has("SIZE");

    /// <summary>The largest message the server accepts in bytes (RFC 1870), or null when it named no limit (or 0).</summary>
    public long? MaxSize { get; private set; }

    /// <summary>The AUTH mechanisms offered, upper case, in the server's order.</summary>
    public IReadOnlyList<string> AuthMechanisms => _authMechanisms;

    /// <summary>Whether the server announced the extension keyword.</summary>
    public bool Has(string keyword) => _keywords.Contains(keyword);

    /// <summary>Whether the server offers the AUTH mechanism.</summary>
    public bool Offers(SmtpAuthMechanism mechanism) => _authMechanisms.Contains(MechanismName(mechanism));

    /// <summary>The protocol name of a mechanism, e.g. <c>XOAUTH2</c>.</summary>
    public static string MechanismName(SmtpAuthMechanism mechanism) => mechanism switch
    {
        SmtpAuthMechanism.Plain => "PLAIN",
        SmtpAuthMechanism.Login => "LOGIN",
        _ => "XOAUTH2",
    };
}
