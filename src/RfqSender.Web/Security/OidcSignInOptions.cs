namespace RfqSender.Web.Security;

/// <summary>
/// Sign-in with Microsoft Entra ID (or any OpenID Connect provider): the authorization code flow with PKCE, the
/// client secret from the environment, and the role taken from app-role or group claims of the ID token.
/// </summary>
public sealed class OidcSignInOptions
{
    /// <summary>The issuer, e.g. <c>https://login.microsoftonline.com/{tenant-id}/v2.0</c>.</summary>
    public string Authority { get; set; } = string.Empty;

    /// <summary>The application (client) ID of the app registration.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The client secret (from RFQSENDER_OIDC_CLIENT_SECRET; never logged or shown).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Claim values that make a user an operator: app role values (<c>RfqSender.Operator</c>) or group object IDs.
    /// </summary>
    public IList<string> OperatorValues { get; set; } = new List<string> { "RfqSender.Operator" };

    /// <summary>Claim values that make a user a viewer.</summary>
    public IList<string> ViewerValues { get; set; } = new List<string> { "RfqSender.Viewer" };

    /// <summary>The claims looked at for those values: <c>roles</c> (app roles) and <c>groups</c>.</summary>
    public IList<string> RoleClaimTypes { get; set; } = new List<string> { "roles", "groups" };

    /// <summary>The path the provider returns to (registered as the redirect URI).</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>
    /// False lets the provider's metadata come over plain HTTP; allowed only for a provider on a loopback address (tests).
    /// </summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The name the sign-in button shows.</summary>
    public string DisplayName { get; set; } = "Microsoft Entra ID";
}
