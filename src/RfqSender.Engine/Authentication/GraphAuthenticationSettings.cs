using System.Collections;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RfqSender.Engine.Authentication;

/// <summary>
/// How RfqSender gets tokens for Microsoft Graph and Exchange Online SMTP: the cloud, the tenant
/// and app registration, and exactly one credential — a token the caller already has, a client
/// secret, a certificate (store thumbprint, file, or instance), or a managed identity. Every
/// setting has an environment variable (<see cref="FromEnvironment"/>). Secrets are held as
/// <see cref="SecureString"/>; <see cref="ToString"/> never shows them.
/// </summary>
public sealed class GraphAuthenticationSettings
{
    /// <summary>Environment variable for <see cref="TenantId"/>.</summary>
    public const string TenantIdVariable = "RFQSENDER_GRAPH_TENANT_ID";

    /// <summary>Environment variable for <see cref="ClientId"/>.</summary>
    public const string ClientIdVariable = "RFQSENDER_GRAPH_CLIENT_ID";

    /// <summary>Environment variable for <see cref="ClientSecret"/>.</summary>
    public const string ClientSecretVariable = "RFQSENDER_GRAPH_CLIENT_SECRET";

    /// <summary>Environment variable for <see cref="CertificateThumbprint"/>.</summary>
    public const string CertificateThumbprintVariable = "RFQSENDER_GRAPH_CERTIFICATE_THUMBPRINT";

    /// <summary>Environment variable for <see cref="CertificateStoreLocation"/>: <c>CurrentUser</c> or <c>LocalMachine</c>.</summary>
    public const string CertificateStoreVariable = "RFQSENDER_GRAPH_CERTIFICATE_STORE";

    /// <summary>Environment variable for <see cref="CertificatePath"/>.</summary>
    public const string CertificatePathVariable = "RFQSENDER_GRAPH_CERTIFICATE_PATH";

    /// <summary>Environment variable for <see cref="CertificatePassword"/>.</summary>
    public const string CertificatePasswordVariable = "RFQSENDER_GRAPH_CERTIFICATE_PASSWORD";

    /// <summary>
    /// Environment variable for the managed identity: <c>system</c> for the system-assigned one,
    /// else the client id (or Azure resource id) of a user-assigned one.
    /// </summary>
    public const string ManagedIdentityVariable = "RFQSENDER_GRAPH_MANAGED_IDENTITY";

    /// <summary>Environment variable for <see cref="AccessToken"/>.</summary>
    public const string AccessTokenVariable = "RFQSENDER_GRAPH_ACCESS_TOKEN";

    /// <summary>Environment variable for <see cref="Cloud"/>: <c>Global</c>, <c>USGovernment</c>, <c>USGovernmentDoD</c> or <c>China</c>.</summary>
    public const string CloudVariable = "RFQSENDER_GRAPH_CLOUD";

    /// <summary>Environment variable for <see cref="AuthorityHost"/>.</summary>
    public const string AuthorityHostVariable = "RFQSENDER_GRAPH_AUTHORITY_HOST";

    /// <summary>Environment variable for <see cref="GraphBaseUrl"/>.</summary>
    public const string GraphBaseUrlVariable = "RFQSENDER_GRAPH_BASE_URL";

    /// <summary>Environment variable for <see cref="OutlookResource"/>.</summary>
    public const string OutlookResourceVariable = "RFQSENDER_GRAPH_OUTLOOK_RESOURCE";

    /// <summary>The value of <see cref="ManagedIdentityVariable"/> that selects the system-assigned identity.</summary>
    public const string SystemAssignedIdentity = "system";

    /// <summary>The cloud whose hosts are used unless overridden. Default <see cref="GraphCloud.Global"/>.</summary>
    public GraphCloud Cloud { get; set; } = GraphCloud.Global;

    /// <summary>Overrides the cloud's sign-in host, e.g. <c>https://login.microsoftonline.us</c>.</summary>
    public Uri? AuthorityHost { get; set; }

    /// <summary>Overrides the cloud's Graph host, e.g. <c>https://graph.microsoft.us</c>.</summary>
    public Uri? GraphBaseUrl { get; set; }

    /// <summary>Overrides the cloud's Exchange Online resource used for SMTP tokens, e.g. <c>https://outlook.office365.us</c>.</summary>
    public Uri? OutlookResource { get; set; }

    /// <summary>The directory (tenant) id or a verified domain, e.g. <c>contoso.onmicrosoft.com</c>. Needed for secrets and certificates.</summary>
    public string? TenantId { get; set; }

    /// <summary>The application (client) id of the app registration. Needed for secrets and certificates.</summary>
    public string? ClientId { get; set; }

    /// <summary>The app registration's client secret.</summary>
    public SecureString? ClientSecret { get; set; }

    /// <summary>Thumbprint of a certificate with private key in the <c>My</c> store.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>The store searched for <see cref="CertificateThumbprint"/>; null searches CurrentUser, then LocalMachine.</summary>
    public StoreLocation? CertificateStoreLocation { get; set; }

    /// <summary>A PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) holding the certificate and its private key; on .NET 8 and later also a PEM file with both.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>, if any.</summary>
    public SecureString? CertificatePassword { get; set; }

    /// <summary>A certificate with private key, given directly (e.g. <c>Get-Item Cert:\CurrentUser\My\...</c>).</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>True to use the managed identity of the Azure resource this runs on.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>
    /// The client id of a user-assigned managed identity (or its Azure resource id, starting with
    /// <c>/subscriptions/</c>); null for the system-assigned identity.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>A token the caller already has (<c>Get-AzAccessToken -ResourceUrl https://graph.microsoft.com</c>, <c>Connect-MgGraph</c>); it cannot be renewed.</summary>
    public SecureString? AccessToken { get; set; }

    /// <summary>How long before expiry a cached token is renewed. Default 5 minutes.</summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The kind of credential configured, or <see cref="GraphCredentialKind.None"/>.</summary>
    public GraphCredentialKind CredentialKind => ConfiguredKinds().FirstOrDefault();

    /// <summary>The cloud's endpoints with the overrides applied.</summary>
    public GraphCloudEndpoints Endpoints
    {
        get
        {
            var cloud = GraphCloudEndpoints.For(Cloud);
            return new GraphCloudEndpoints(
                AuthorityHost ?? cloud.AuthorityHost,
                GraphBaseUrl ?? cloud.GraphBaseUrl,
                OutlookResource ?? cloud.OutlookResource);
        }
    }

    /// <summary>
    /// Reads the settings from environment variables (the <c>RFQSENDER_GRAPH_*</c> constants of
    /// this type). Blank variables count as unset.
    /// </summary>
    /// <param name="environment">The variables; null for the process environment.</param>
    /// <exception cref="AuthenticationSettingsException">A variable has a value that cannot be used.</exception>
    public static GraphAuthenticationSettings FromEnvironment(IDictionary? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables();
        string? Read(string name)
        {
            var value = environment.Contains(name) ? environment[name] as string : null;
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        var settings = new GraphAuthenticationSettings
        {
            TenantId = Read(TenantIdVariable),
            ClientId = Read(ClientIdVariable),
            CertificateThumbprint = Read(CertificateThumbprintVariable),
            CertificatePath = Read(CertificatePathVariable),
            AuthorityHost = ReadUrl(Read(AuthorityHostVariable), AuthorityHostVariable),
            GraphBaseUrl = ReadUrl(Read(GraphBaseUrlVariable), GraphBaseUrlVariable),
            OutlookResource = ReadUrl(Read(OutlookResourceVariable), OutlookResourceVariable),
        };

        if (Read(ClientSecretVariable) is string secret)
        {
            settings.ClientSecret = SecureText.ToSecureString(secret);
        }

        if (Read(CertificatePasswordVariable) is string password)
        {
            settings.CertificatePassword = SecureText.ToSecureString(password);
        }

        if (Read(AccessTokenVariable) is string token)
        {
            settings.AccessToken = SecureText.ToSecureString(token);
        }

        if (Read(CertificateStoreVariable) is string store)
        {
            settings.CertificateStoreLocation = Enum.TryParse<StoreLocation>(store, ignoreCase: true, out var location) && Enum.IsDefined(typeof(StoreLocation), location)
                ? location
                : throw new AuthenticationSettingsException(CertificateStoreVariable, $"{CertificateStoreVariable} is '{store}'; use CurrentUser or LocalMachine.");
        }

        if (Read(CloudVariable) is string cloud)
        {
            settings.Cloud = ParseCloud(cloud, CloudVariable);
        }

        if (Read(ManagedIdentityVariable) is string identity)
        {
            settings.UseManagedIdentity = true;
            settings.ManagedIdentityClientId = string.Equals(identity, SystemAssignedIdentity, StringComparison.OrdinalIgnoreCase) ? null : identity;
        }

        return settings;
    }

    /// <summary>
    /// Parses a cloud name: <c>Global</c> (also <c>AzureCloud</c>, <c>Public</c>), <c>USGovernment</c>
    /// (<c>AzureUSGovernment</c>, <c>GCCHigh</c>), <c>USGovernmentDoD</c> (<c>DoD</c>) or <c>China</c> (<c>AzureChinaCloud</c>).
    /// </summary>
    /// <param name="text">The name, case-insensitive.</param>
    /// <param name="setting">The setting it came from, for the error message.</param>
    /// <exception cref="AuthenticationSettingsException">The name is not a known cloud.</exception>
    public static GraphCloud ParseCloud(string text, string setting = "Cloud")
    {
        switch ((text ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "global": case "public": case "azurecloud": case "worldwide":
                return GraphCloud.Global;
            case "usgovernment": case "usgov": case "azureusgovernment": case "gcchigh":
                return GraphCloud.USGovernment;
            case "usgovernmentdod": case "dod": case "usgovdod":
                return GraphCloud.USGovernmentDoD;
            case "china": case "azurechinacloud":
                return GraphCloud.China;
            default:
                throw new AuthenticationSettingsException(setting, $"{setting} is '{text}'; use Global, USGovernment, USGovernmentDoD or China.");
        }
    }

    /// <summary>
    /// Fills every setting not set here from <paramref name="fallback"/> (e.g. parameters first,
    /// then the settings file, then the environment). The credential is taken as a whole: when
    /// this instance has one, none of the fallback's credential settings are copied.
    /// </summary>
    /// <returns>This instance.</returns>
    public GraphAuthenticationSettings FillFrom(GraphAuthenticationSettings? fallback)
    {
        if (fallback is null)
        {
            return this;
        }

        if (Cloud == GraphCloud.Global)
        {
            Cloud = fallback.Cloud;
        }

        AuthorityHost ??= fallback.AuthorityHost;
        GraphBaseUrl ??= fallback.GraphBaseUrl;
        OutlookResource ??= fallback.OutlookResource;
        TenantId ??= fallback.TenantId;
        ClientId ??= fallback.ClientId;
        if (ConfiguredKinds().Count == 0)
        {
            ClientSecret = fallback.ClientSecret;
            CertificateThumbprint = fallback.CertificateThumbprint;
            CertificateStoreLocation ??= fallback.CertificateStoreLocation;
            CertificatePath = fallback.CertificatePath;
            CertificatePassword ??= fallback.CertificatePassword;
            Certificate = fallback.Certificate;
            UseManagedIdentity = fallback.UseManagedIdentity;
            ManagedIdentityClientId = fallback.ManagedIdentityClientId;
            AccessToken = fallback.AccessToken;
        }

        return this;
    }

    /// <summary>Checks that exactly one credential is set and that it has what it needs.</summary>
    /// <exception cref="AuthenticationSettingsException">Names the missing or contradictory setting.</exception>
    public void Validate()
    {
        var kinds = ConfiguredKinds();
        if (kinds.Count == 0)
        {
            throw new AuthenticationSettingsException("Credential",
                "No Microsoft Graph credential is configured: give an access token, a client secret, a certificate (thumbprint, file) or a managed identity "
                + $"(environment: {AccessTokenVariable}, {ClientSecretVariable}, {CertificateThumbprintVariable}, {CertificatePathVariable}, {ManagedIdentityVariable}).");
        }

        if (kinds.Count > 1)
        {
            throw new AuthenticationSettingsException("Credential",
                $"Several Microsoft Graph credentials are configured ({string.Join(", ", kinds)}); give exactly one.");
        }

        if (Certificate is not null && (CertificateThumbprint is not null || CertificatePath is not null)
            || CertificateThumbprint is not null && CertificatePath is not null)
        {
            throw new AuthenticationSettingsException("Certificate", "Give the certificate one way only: a thumbprint, a file path, or the certificate itself.");
        }

        if (kinds[0] is GraphCredentialKind.ClientSecret or GraphCredentialKind.Certificate)
        {
            if (string.IsNullOrWhiteSpace(TenantId))
            {
                throw new AuthenticationSettingsException(nameof(TenantId), $"A tenant id is required with a {Describe(kinds[0])} (environment: {TenantIdVariable}).");
            }

            if (string.IsNullOrWhiteSpace(ClientId))
            {
                throw new AuthenticationSettingsException(nameof(ClientId), $"The application (client) id of the app registration is required with a {Describe(kinds[0])} (environment: {ClientIdVariable}).");
            }

            if (TenantId!.Trim().IndexOfAny(new[] { '/', '\\', '?', '#', ' ' }) >= 0)
            {
                throw new AuthenticationSettingsException(nameof(TenantId), $"The tenant id '{TenantId}' is not a tenant GUID or domain name.");
            }
        }

        if (RefreshMargin < TimeSpan.Zero || RefreshMargin > TimeSpan.FromMinutes(30))
        {
            throw new AuthenticationSettingsException(nameof(RefreshMargin), "RefreshMargin must be between 0 and 30 minutes.");
        }

        _ = Endpoints;
    }

    /// <summary>
    /// A callback giving current tokens for Exchange Online (<see cref="GraphCloudEndpoints.SmtpScope"/>,
    /// e.g. <c>https://outlook.office365.com/.default</c>), from this sign-in: the XOAUTH2 token of SMTP
    /// submission and of IMAP reading alike. Each call goes through the provider's cache.
    /// </summary>
    /// <exception cref="AuthenticationSettingsException">No credential, or more than one, is configured.</exception>
    public Func<CancellationToken, Task<string>> CreateExchangeTokenCallback(HttpMessageHandler? httpHandler = null) =>
        CreateTokenProvider(httpHandler).ToTokenCallback(Endpoints.SmtpScope);

    /// <summary>
    /// Creates the token provider for these settings: a fixed token, an app registration (secret or
    /// certificate) through Microsoft.Identity.Client, or a managed identity. Tokens are cached and
    /// renewed <see cref="RefreshMargin"/> before they expire.
    /// </summary>
    /// <param name="httpHandler">Handler for the identity service's HTTP traffic (a proxy, tests); null for the default.</param>
    /// <exception cref="AuthenticationSettingsException">The settings are incomplete, or the certificate cannot be loaded.</exception>
    public IAccessTokenProvider CreateTokenProvider(HttpMessageHandler? httpHandler = null)
    {
        Validate();
        return CredentialKind switch
        {
            GraphCredentialKind.AccessToken => new StaticAccessTokenProvider(SecureText.ToPlainText(AccessToken!)),
            GraphCredentialKind.ManagedIdentity => new RefreshingAccessTokenProvider(new ManagedIdentityTokenProvider(ManagedIdentityClientId, httpHandler), RefreshMargin),
            _ => new RefreshingAccessTokenProvider(ConfidentialClientTokenProvider.Create(this, httpHandler), RefreshMargin),
        };
    }

    /// <summary>The settings without secrets: cloud, tenant, client id and credential kind.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("Graph ").Append(Cloud);
        if (TenantId is not null)
        {
            text.Append(", tenant ").Append(TenantId);
        }

        if (ClientId is not null)
        {
            text.Append(", client ").Append(ClientId);
        }

        var kinds = ConfiguredKinds();
        text.Append(", credential ").Append(kinds.Count == 0 ? "none" : string.Join("+", kinds.Select(Describe)));
        if (CertificateThumbprint is not null)
        {
            text.Append(" (thumbprint ").Append(CertificateThumbprint).Append(')');
        }
        else if (CertificatePath is not null)
        {
            text.Append(" (file ").Append(CertificatePath).Append(')');
        }
        else if (UseManagedIdentity)
        {
            text.Append(ManagedIdentityClientId is null ? " (system-assigned)" : $" (user-assigned {ManagedIdentityClientId})");
        }

        return text.ToString();
    }

    internal static string Describe(GraphCredentialKind kind) => kind switch
    {
        GraphCredentialKind.AccessToken => "access token",
        GraphCredentialKind.ClientSecret => "client secret",
        GraphCredentialKind.Certificate => "certificate",
        GraphCredentialKind.ManagedIdentity => "managed identity",
        _ => "none",
    };

    private static Uri? ReadUrl(string? text, string variable)
    {
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || !GraphCloudEndpoints.IsSecure(url))
        {
            throw new AuthenticationSettingsException(variable, $"{variable} is '{text}', not an absolute https URL.");
        }

        return url;
    }

    private List<GraphCredentialKind> ConfiguredKinds()
    {
        var kinds = new List<GraphCredentialKind>();
        if (!SecureText.IsEmpty(AccessToken))
        {
            kinds.Add(GraphCredentialKind.AccessToken);
        }

        if (!SecureText.IsEmpty(ClientSecret))
        {
            kinds.Add(GraphCredentialKind.ClientSecret);
        }

        if (Certificate is not null || !string.IsNullOrWhiteSpace(CertificateThumbprint) || !string.IsNullOrWhiteSpace(CertificatePath))
        {
            kinds.Add(GraphCredentialKind.Certificate);
        }

        if (UseManagedIdentity || !string.IsNullOrWhiteSpace(ManagedIdentityClientId))
        {
            kinds.Add(GraphCredentialKind.ManagedIdentity);
        }

        return kinds;
    }
}
