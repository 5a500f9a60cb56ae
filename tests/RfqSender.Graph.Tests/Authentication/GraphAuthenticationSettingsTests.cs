using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using RfqSender.Engine.Authentication;
using RfqSender.Engine.Transports.Graph;

namespace RfqSender.Graph.Tests.Authentication;

public sealed class GraphAuthenticationSettingsTests
{
    private static Hashtable Environment(params (string Name, string Value)[] variables)
    {
        var table = new Hashtable();
        foreach (var (name, value) in variables)
        {
            table[name] = value;
        }

        return table;
    }

    [Fact]
    public void Environment_variables_set_every_setting()
    {
        var settings = GraphAuthenticationSettings.FromEnvironment(Environment(
            ("RFQSENDER_GRAPH_TENANT_ID", "contoso.onmicrosoft.us"),
            ("RFQSENDER_GRAPH_CLIENT_ID", "11111111-2222-3333-4444-555555555555"),
            ("RFQSENDER_GRAPH_CERTIFICATE_THUMBPRINT", "AB12"),
            ("RFQSENDER_GRAPH_CERTIFICATE_STORE", "localmachine"),
            ("RFQSENDER_GRAPH_CERTIFICATE_PASSWORD", "pw"),
            ("RFQSENDER_GRAPH_CLOUD", "AzureUSGovernment"),
            ("RFQSENDER_GRAPH_BASE_URL", "https://graph.example.us"),
            ("RFQSENDER_GRAPH_CLIENT_SECRET", "  ")));

        Assert.Equal("contoso.onmicrosoft.us", settings.TenantId);
        Assert.Equal("11111111-2222-3333-4444-555555555555", settings.ClientId);
        Assert.Equal("AB12", settings.CertificateThumbprint);
        Assert.Equal(StoreLocation.LocalMachine, settings.CertificateStoreLocation);
        Assert.Equal(GraphCloud.USGovernment, settings.Cloud);
        Assert.Null(settings.ClientSecret);
        Assert.Equal(GraphCredentialKind.Certificate, settings.CredentialKind);
        Assert.Equal(new Uri("https://login.microsoftonline.us"), settings.Endpoints.AuthorityHost);
        Assert.Equal("https://graph.example.us/.default", settings.Endpoints.GraphScope);
        Assert.Equal("https://outlook.office365.us/.default", settings.Endpoints.SmtpScope);
    }

    [Theory]
    [InlineData("system", null)]
    [InlineData("SYSTEM", null)]
    [InlineData("9d1c3a52-1111-4222-8333-944444444444", "9d1c3a52-1111-4222-8333-944444444444")]
    public void The_managed_identity_variable_selects_system_or_user_assigned(string value, string? clientId)
    {
        var settings = GraphAuthenticationSettings.FromEnvironment(Environment(("RFQSENDER_GRAPH_MANAGED_IDENTITY", value)));

        Assert.True(settings.UseManagedIdentity);
        Assert.Equal(clientId, settings.ManagedIdentityClientId);
        Assert.Equal(GraphCredentialKind.ManagedIdentity, settings.CredentialKind);
        settings.Validate();
    }

    [Fact]
    public void Bad_values_name_their_variable()
    {
        var cloud = Assert.Throws<AuthenticationSettingsException>(() => GraphAuthenticationSettings.FromEnvironment(Environment(("RFQSENDER_GRAPH_CLOUD", "Mars"))));
        Assert.Equal("RFQSENDER_GRAPH_CLOUD", cloud.Setting);
        Assert.Contains("Mars", cloud.Message);

        var url = Assert.Throws<AuthenticationSettingsException>(() => GraphAuthenticationSettings.FromEnvironment(Environment(("RFQSENDER_GRAPH_AUTHORITY_HOST", "http://login.example.com"))));
        Assert.Equal("RFQSENDER_GRAPH_AUTHORITY_HOST", url.Setting);
    }

    [Theory]
    [InlineData(GraphCloud.Global, "https://login.microsoftonline.com/", "https://graph.microsoft.com/.default", "https://outlook.office365.com/.default")]
    [InlineData(GraphCloud.USGovernment, "https://login.microsoftonline.us/", "https://graph.microsoft.us/.default", "https://outlook.office365.us/.default")]
    [InlineData(GraphCloud.USGovernmentDoD, "https://login.microsoftonline.us/", "https://dod-graph.microsoft.us/.default", "https://outlook-dod.office365.us/.default")]
    [InlineData(GraphCloud.China, "https://login.chinacloudapi.cn/", "https://microsoftgraph.chinacloudapi.cn/.default", "https://partner.outlook.cn/.default")]
    public void Each_cloud_has_its_hosts(GraphCloud cloud, string authority, string graphScope, string smtpScope)
    {
        var endpoints = GraphCloudEndpoints.For(cloud);

        Assert.Equal(authority, endpoints.AuthorityHost.ToString());
        Assert.Equal(graphScope, endpoints.GraphScope);
        Assert.Equal(smtpScope, endpoints.SmtpScope);
    }

    [Fact]
    public void Validation_wants_exactly_one_credential_with_what_it_needs()
    {
        var none = Assert.Throws<AuthenticationSettingsException>(() => new GraphAuthenticationSettings().Validate());
        Assert.Contains("RFQSENDER_GRAPH_CLIENT_SECRET", none.Message);

        var two = new GraphAuthenticationSettings { TenantId = "t", ClientId = "c", ClientSecret = TokenAcquisitionTests.ToSecure("x"), UseManagedIdentity = true };
        Assert.Contains("Several", Assert.Throws<AuthenticationSettingsException>(two.Validate).Message);

        var noTenant = new GraphAuthenticationSettings { ClientId = "c", ClientSecret = TokenAcquisitionTests.ToSecure("x") };
        Assert.Equal("TenantId", Assert.Throws<AuthenticationSettingsException>(noTenant.Validate).Setting);

        var noClient = new GraphAuthenticationSettings { TenantId = "t", CertificateThumbprint = "AB" };
        Assert.Equal("ClientId", Assert.Throws<AuthenticationSettingsException>(noClient.Validate).Setting);

        new GraphAuthenticationSettings { UseManagedIdentity = true }.Validate();
        new GraphAuthenticationSettings { AccessToken = TokenAcquisitionTests.ToSecure("eyJ") }.Validate();
    }

    [Fact]
    public void ToString_shows_the_configuration_but_no_secret()
    {
        var settings = new GraphAuthenticationSettings
        {
            TenantId = "contoso.onmicrosoft.com",
            ClientId = "client-1",
            ClientSecret = TokenAcquisitionTests.ToSecure("Sup3r~Secret"),
            CertificatePassword = TokenAcquisitionTests.ToSecure("PfxPassw0rd"),
            AccessToken = TokenAcquisitionTests.ToSecure("eyJ.token.value"),
        };

        var text = settings.ToString();

        Assert.Contains("contoso.onmicrosoft.com", text);
        Assert.Contains("client secret", text);
        Assert.DoesNotContain("Sup3r~Secret", text);
        Assert.DoesNotContain("PfxPassw0rd", text);
        Assert.DoesNotContain("eyJ.token.value", text);
    }

    [Fact]
    public void FillFrom_takes_the_credential_as_a_whole()
    {
        var parameters = new GraphAuthenticationSettings { ClientSecret = TokenAcquisitionTests.ToSecure("param") };
        var environment = new GraphAuthenticationSettings { TenantId = "t", ClientId = "c", CertificateThumbprint = "AB", Cloud = GraphCloud.China };

        parameters.FillFrom(environment);

        Assert.Equal("t", parameters.TenantId);
        Assert.Equal(GraphCloud.China, parameters.Cloud);
        Assert.Null(parameters.CertificateThumbprint);
        Assert.Equal(GraphCredentialKind.ClientSecret, parameters.CredentialKind);

        var empty = new GraphAuthenticationSettings().FillFrom(environment);
        Assert.Equal(GraphCredentialKind.Certificate, empty.CredentialKind);
    }

    [Fact]
    public async Task A_caller_token_reports_its_jwt_expiry_and_cannot_be_renewed()
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(30);
        var jwt = Jwt(exp.ToUnixTimeSeconds());
        var provider = new GraphAuthenticationSettings { AccessToken = TokenAcquisitionTests.ToSecure("Bearer " + jwt) }.CreateTokenProvider();

        var token = await provider.GetTokenAsync(new[] { "https://graph.microsoft.com/.default" }, false, CancellationToken.None);

        Assert.Equal(jwt, token.Token);
        Assert.Equal(exp.ToUnixTimeSeconds(), token.ExpiresOn.ToUnixTimeSeconds());
        Assert.False(provider.CanRefresh);
        Assert.DoesNotContain(jwt, provider.Description);
        Assert.DoesNotContain(jwt, token.ToString());
        await Assert.ThrowsAsync<AuthenticationFailedException>(() => provider.GetTokenAsync(new[] { "https://graph.microsoft.com/.default" }, true, CancellationToken.None));

        var expired = new StaticAccessTokenProvider(Jwt(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds()));
        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => expired.GetTokenAsync(new[] { "https://graph.microsoft.com/.default" }, false, CancellationToken.None));
        Assert.Contains("expired", error.Message);

        var opaque = new StaticAccessTokenProvider("opaque-token");
        Assert.Equal(DateTimeOffset.MaxValue, (await opaque.GetTokenAsync(new[] { "s/.default" }, false, CancellationToken.None)).ExpiresOn);
    }

    [Fact]
    public void Transport_options_read_their_environment_variables()
    {
        var options = GraphTransportOptions.FromEnvironment(Environment(
            ("RFQSENDER_GRAPH_MAILBOX", "shared-rfq@contoso.com"),
            ("RFQSENDER_GRAPH_SAVE_TO_SENT_ITEMS", "false"),
            ("RFQSENDER_GRAPH_BASE_URL", "https://graph.microsoft.us")));

        Assert.Equal("shared-rfq@contoso.com", options.Mailbox);
        Assert.False(options.SaveToSentItems);
        Assert.Equal(new Uri("https://graph.microsoft.us"), options.GraphBaseUrl);
        Assert.Throws<RfqSender.Engine.RfqSenderException>(() => GraphTransportOptions.FromEnvironment(Environment(("RFQSENDER_GRAPH_SAVE_TO_SENT_ITEMS", "maybe"))));
    }

    private static string Jwt(long exp)
    {
        static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + Encode($"{{\"aud\":\"https://graph.microsoft.com\",\"exp\":{exp}}}") + ".c2ln";
    }
}
