using RfqSender.Engine.Tracking;
using RfqSender.Web.Security;

namespace RfqSender.Web;

/// <summary>What <c>rfq serve</c> serves and how: the store, the addresses, the certificate and the sign-in.</summary>
public sealed class StatusServerOptions
{
    /// <summary>The store whose campaigns the page shows (SQLite file or PostgreSQL).</summary>
    public StoreSettings Store { get; set; } = new();

    /// <summary>
    /// The addresses to listen on, as URLs (<c>https://0.0.0.0:8443</c>, <c>http://127.0.0.1:5080</c>; port 0 picks a
    /// free one). Plain HTTP is served on loopback addresses only.
    /// </summary>
    public IList<string> Urls { get; set; } = new List<string> { "http://127.0.0.1:5080" };

    /// <summary>The HTTPS certificate: a PFX/PKCS#12 file, or a PEM certificate whose key is in <see cref="CertificateKeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>, when that is a PEM certificate.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The password of the PFX file or of the encrypted PEM key (from the environment; never logged).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The thumbprint of a certificate in the current user's or the machine's "My" certificate store, instead of a file.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>The local users file (<see cref="LocalUserFile"/>); null when only Entra ID signs in.</summary>
    public string? UsersFile { get; set; }

    /// <summary>Sign-in with Entra ID (OpenID Connect); null when only local users sign in.</summary>
    public OidcSignInOptions? Oidc { get; set; }

    /// <summary>
    /// Where the keys that protect the sign-in cookie and anti-forgery tokens are kept, so a restart keeps users
    /// signed in; null leaves them where ASP.NET Core keeps them (the user profile's keys folder). Each server's keys
    /// are its own (named after its store and sign-in), so another rfq serve's cookie never opens this one.
    /// </summary>
    public string? KeysPath { get; set; }

    /// <summary>How long a sign-in lasts without use.</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sign-in attempts allowed per client address and minute; more are refused with 429.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>How often the campaign page asks for fresh counts while it is open.</summary>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the campaign overview (chart, response rate, categories) is reused before it is read again.</summary>
    public TimeSpan OverviewLifetime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Where request lines are written (method, path without query, status, user); null writes none.</summary>
    public TextWriter? AccessLog { get; set; }
}
