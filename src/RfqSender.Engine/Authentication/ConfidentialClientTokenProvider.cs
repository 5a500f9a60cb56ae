using Microsoft.Identity.Client;

namespace RfqSender.Engine.Authentication;

/// <summary>App-only tokens for an app registration (client credentials with a secret or a certificate) through MSAL, which caches them.</summary>
internal sealed class ConfidentialClientTokenProvider : IAccessTokenProvider
{
    private static readonly string[] KnownAuthorityHosts =
    {
        "login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn",
    };

    private readonly IConfidentialClientApplication _application;

    private ConfidentialClientTokenProvider(IConfidentialClientApplication application, string description)
    {
        _application = application;
        Description = description;
    }

    public string Description { get; }

    public bool CanRefresh => true;

    public static ConfidentialClientTokenProvider Create(GraphAuthenticationSettings settings, HttpMessageHandler? httpHandler)
    {
        var clientId = settings.ClientId!.Trim();
        var tenant = settings.TenantId!.Trim();
        var host = settings.Endpoints.AuthorityHost;
        var authority = host.GetLeftPart(UriPartial.Authority) + "/" + Uri.EscapeDataString(tenant) + "/";
        var known = KnownAuthorityHosts.Contains(host.Host, StringComparer.OrdinalIgnoreCase);

        var builder = ConfidentialClientApplicationBuilder.Create(clientId)
            .WithAuthority(authority, validateAuthority: known)
            .WithInstanceDiscovery(known)
            .WithClientName("RfqSender");
        if (httpHandler is not null)
        {
            builder = builder.WithHttpClientFactory(new MsalHttpClientFactory(httpHandler));
        }

        string description;
        if (settings.CredentialKind == GraphCredentialKind.ClientSecret)
        {
            builder = builder.WithClientSecret(SecureText.ToPlainText(settings.ClientSecret!));
            description = $"client secret of app {clientId} in tenant {tenant}";
        }
        else
        {
            var certificate = CertificateLoader.Load(settings);
            builder = builder.WithCertificate(certificate, sendX5C: true);
            description = $"certificate {certificate.Thumbprint} of app {clientId} in tenant {tenant}";
        }

        try
        {
            return new ConfidentialClientTokenProvider(builder.Build(), description);
        }
        catch (MsalClientException ex)
        {
            throw new AuthenticationSettingsException("Authority", $"The app registration settings cannot be used ({ex.ErrorCode}): {ex.Message}", ex);
        }
    }

    public async Task<AccessToken> GetTokenAsync(IReadOnlyList<string> scopes, bool forceRefresh, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _application.AcquireTokenForClient(scopes)
                .WithForceRefresh(forceRefresh)
                .ExecuteAsync(cancellationToken)
                .ConfigureAwait(false);
            return new AccessToken(result.AccessToken, result.ExpiresOn);
        }
        catch (Exception ex) when (MsalFailure.IsHandled(ex, cancellationToken))
        {
            throw MsalFailure.Convert(ex, $"with the {Description} for {string.Join(" ", scopes)}");
        }
    }
}
