namespace RfqSender.Engine.Authentication;

/// <summary>
/// The hosts of one Microsoft cloud: where tokens come from (the authority host), where Microsoft
/// Graph answers, and the Exchange Online resource that SMTP XOAUTH2 tokens are issued for.
/// </summary>
public sealed class GraphCloudEndpoints
{
    /// <summary>Creates a set of endpoints; each must be an absolute https URL (http only on loopback, for tests).</summary>
    public GraphCloudEndpoints(Uri authorityHost, Uri graphBaseUrl, Uri outlookResource)
    {
        AuthorityHost = Check(authorityHost, nameof(authorityHost));
        GraphBaseUrl = Check(graphBaseUrl, nameof(graphBaseUrl));
        OutlookResource = Check(outlookResource, nameof(outlookResource));
    }

    /// <summary>The Microsoft Entra sign-in host, e.g. <c>https://login.microsoftonline.com</c>.</summary>
    public Uri AuthorityHost { get; }

    /// <summary>The Microsoft Graph host, e.g. <c>https://graph.microsoft.com</c>.</summary>
    public Uri GraphBaseUrl { get; }

    /// <summary>The Exchange Online resource for SMTP XOAUTH2 tokens, e.g. <c>https://outlook.office365.com</c>.</summary>
    public Uri OutlookResource { get; }

    /// <summary>The app-only scope for Graph, e.g. <c>https://graph.microsoft.com/.default</c>.</summary>
    public string GraphScope => DefaultScope(GraphBaseUrl);

    /// <summary>The app-only scope for Exchange Online SMTP and IMAP (XOAUTH2), e.g. <c>https://outlook.office365.com/.default</c>.</summary>
    public string SmtpScope => DefaultScope(OutlookResource);

    /// <summary>The endpoints of a cloud.</summary>
    public static GraphCloudEndpoints For(GraphCloud cloud) => cloud switch
    {
        GraphCloud.Global => new(new Uri("https://login.microsoftonline.com"), new Uri("https://graph.microsoft.com"), new Uri("https://outlook.office365.com")),
        GraphCloud.USGovernment => new(new Uri("https://login.microsoftonline.us"), new Uri("https://graph.microsoft.us"), new Uri("https://outlook.office365.us")),
        GraphCloud.USGovernmentDoD => new(new Uri("https://login.microsoftonline.us"), new Uri("https://dod-graph.microsoft.us"), new Uri("https://outlook-dod.office365.us")),
        GraphCloud.China => new(new Uri("https://login.chinacloudapi.cn"), new Uri("https://microsoftgraph.chinacloudapi.cn"), new Uri("https://partner.outlook.cn")),
        _ => throw new ArgumentOutOfRangeException(nameof(cloud), cloud, "Unknown cloud."),
    };

    /// <summary>The <c>.default</c> scope of a resource: its scheme and host followed by <c>/.default</c>.</summary>
    public static string DefaultScope(Uri resource) =>
        (resource ?? throw new ArgumentNullException(nameof(resource))).GetLeftPart(UriPartial.Authority) + "/.default";

    /// <summary>True for https, and for http on a loopback address (a local test endpoint), where no token leaves the machine.</summary>
    public static bool IsSecure(Uri url) =>
        url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback);

    /// <inheritdoc />
    public override string ToString() => $"authority {AuthorityHost}, Graph {GraphBaseUrl}, Exchange {OutlookResource}";

    private static Uri Check(Uri url, string name)
    {
        if (url is null)
        {
            throw new ArgumentNullException(name);
        }

        if (!url.IsAbsoluteUri || !IsSecure(url))
        {
            throw new AuthenticationSettingsException(name, $"The URL '{url}' for {name} must be an absolute https URL.");
        }

        return url;
    }
}
