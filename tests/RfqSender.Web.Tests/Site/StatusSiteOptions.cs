using RfqSender.Engine.Tracking;

namespace RfqSender.Web.Tests.Site;

/// <summary>How <see cref="StatusSite.StartAsync"/> sets the status page up.</summary>
public sealed class StatusSiteOptions
{
    /// <summary>Another store than a new SQLite file in the site's folder (a PostgreSQL schema).</summary>
    public StoreSettings? Store { get; set; }

    /// <summary>Local users (olivia the operator, victor the viewer) sign in with a form.</summary>
    public bool LocalUsers { get; set; } = true;

    /// <summary>Entra ID sign-in against a fake provider the site starts (and stops).</summary>
    public bool Oidc { get; set; }

    /// <summary>An HTTPS address besides the HTTP one, with a self-signed certificate for 127.0.0.1 from a PFX file.</summary>
    public bool Https { get; set; }

    /// <summary>Only the HTTPS address.</summary>
    public bool HttpsOnly { get; set; }

    /// <summary>How often the campaign page polls its counts; short, so a test sees them move soon.</summary>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public int SignInAttemptsPerMinute { get; set; } = 100;

    /// <summary>Last changes to the server's options before it starts.</summary>
    public Action<StatusServerOptions>? Configure { get; set; }
}
