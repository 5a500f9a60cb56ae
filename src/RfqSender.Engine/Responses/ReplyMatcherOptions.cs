namespace RfqSender.Engine.Responses;

/// <summary>What <see cref="ReplyMatcher"/> needs besides the deliveries.</summary>
public sealed class ReplyMatcherOptions
{
    /// <summary>Mail domains anyone can have an address at: a sender's domain among them never matches a vendor.</summary>
    public static readonly IReadOnlyList<string> DefaultPublicMailDomains = new[]
    {
        "gmail.com", "googlemail.com", "outlook.com", "outlook.de", "hotmail.com", "hotmail.de", "hotmail.co.uk", "live.com", "live.de",
        "msn.com", "yahoo.com", "yahoo.de", "yahoo.co.uk", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "aol.de",
        "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com", "web.de", "t-online.de", "freenet.de", "arcor.de", "online.de",
        "posteo.de", "mailbox.org", "protonmail.com", "proton.me", "pm.me", "zoho.com", "yandex.com", "yandex.ru", "mail.ru",
        "mail.com", "email.de", "bluewin.ch", "orange.fr", "free.fr", "libero.it", "qq.com", "163.com", "126.com",
    };

    /// <summary>The store's secret the reference tokens were made with; when set, a token must verify under it to match.</summary>
    public byte[]? ReferenceSecret { get; init; }

    /// <summary>
    /// The reply address whose plus-addressed forms (<c>local+&lt;token&gt;@domain</c>) the deliveries
    /// carried, for example <c>rfq-replies@contoso.com</c>; null to accept a token after '+' at any address.
    /// </summary>
    public string? ReplyAddress { get; init; }

    /// <summary>Domains that never match a vendor by domain (public mail services); <see cref="DefaultPublicMailDomains"/> unless set.</summary>
    public IReadOnlyCollection<string> PublicMailDomains { get; init; } = DefaultPublicMailDomains;

    /// <summary>Our own domains (the buyer's): a sender there is a colleague, never a vendor by domain.</summary>
    public IReadOnlyCollection<string> OwnDomains { get; init; } = Array.Empty<string>();
}
