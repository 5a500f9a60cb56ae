using System.Security.Cryptography.X509Certificates;
using RfqSender.Engine.Authentication;
using RfqSender.Graph.Tests.Fakes;

namespace RfqSender.Graph.Tests.Authentication;

/// <summary>Token acquisition through MSAL against the fake Entra ID token endpoint on 127.0.0.1.</summary>
public sealed class TokenAcquisitionTests : IAsyncLifetime
{
    private FakeMicrosoftCloud _cloud = null!;
    private readonly HttpClientHandler _handler = TestCertificates.TrustingHandler();

    public async Task InitializeAsync() => _cloud = await FakeMicrosoftCloud.StartAsync();

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        _handler.Dispose();
    }

    private GraphAuthenticationSettings Settings() => new()
    {
        TenantId = _cloud.TenantId,
        ClientId = _cloud.ClientId,
        AuthorityHost = _cloud.BaseUrl,
        GraphBaseUrl = _cloud.BaseUrl,
    };

    private string GraphScope => GraphCloudEndpoints.DefaultScope(_cloud.BaseUrl);

    [Fact]
    public async Task Client_secret_gets_a_token_the_fake_issued_and_caches_it()
    {
        var settings = Settings();
        settings.ClientSecret = ToSecure(_cloud.ClientSecret);
        var provider = settings.CreateTokenProvider(_handler);

        var first = await provider.GetTokenAsync(new[] { GraphScope }, false, CancellationToken.None);
        var second = await provider.GetTokenAsync(new[] { GraphScope }, false, CancellationToken.None);

        Assert.StartsWith("fake-access-token-", first.Token);
        Assert.Same(first, second);
        Assert.Equal(1, _cloud.Count("token"));
        Assert.Equal(GraphScope, Assert.Single(_cloud.TokenScopes));
        Assert.InRange(first.ExpiresOn, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Contains(_cloud.ClientId, provider.Description);
        Assert.DoesNotContain(_cloud.ClientSecret, provider.Description);
        Assert.Empty(_cloud.Problems);
    }

    [Fact]
    public async Task A_wrong_secret_is_a_configuration_error_with_the_aadsts_code_and_no_secret()
    {
        var settings = Settings();
        settings.ClientSecret = ToSecure("not-the-secret-value");
        var provider = settings.CreateTokenProvider(_handler);

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => provider.GetTokenAsync(new[] { GraphScope }, false, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Contains("AADSTS7000215", error.Message);
        Assert.DoesNotContain("not-the-secret-value", error.ToString());
    }

    [Fact]
    public async Task A_certificate_signs_a_client_assertion_the_fake_verifies()
    {
        using var certificate = TestCertificates.CreateClientCertificate();
        _cloud.RegisteredCertificate = certificate;
        var settings = Settings();
        settings.Certificate = certificate;
        var provider = settings.CreateTokenProvider(_handler);

        var token = await GetOrExplainAsync(provider);

        Assert.StartsWith("fake-access-token-", token.Token);
        Assert.Empty(_cloud.Problems);
        var header = Assert.Single(_cloud.AssertionHeaders);
        Assert.True(header.TryGetProperty("x5t#S256", out _) || header.TryGetProperty("x5t", out _));
        Assert.True(header.TryGetProperty("x5c", out _), "sendX5C puts the chain in the assertion for subject-name/issuer authentication");
        Assert.Contains(certificate.Thumbprint, provider.Description);
    }

    [Fact]
    public async Task A_certificate_from_a_password_protected_pfx_file_is_used()
    {
        using var certificate = TestCertificates.CreateClientCertificate();
        _cloud.RegisteredCertificate = certificate;
        var path = Path.Combine(Path.GetTempPath(), "rfqsender-graph-" + Guid.NewGuid().ToString("N") + ".pfx");
        await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        try
        {
            var settings = Settings();
            settings.CertificatePath = path;
            settings.CertificatePassword = ToSecure("pfx-password");

            var token = await settings.CreateTokenProvider(_handler).GetTokenAsync(new[] { GraphScope }, false, CancellationToken.None);

            Assert.StartsWith("fake-access-token-", token.Token);
            Assert.Empty(_cloud.Problems);

            settings.CertificatePassword = ToSecure("wrong");
            var error = Assert.Throws<AuthenticationSettingsException>(() => settings.CreateTokenProvider(_handler));
            Assert.Equal("CertificatePath", error.Setting);
            Assert.DoesNotContain("wrong", error.Message.Replace("wrong password", string.Empty));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task An_assertion_signed_by_an_unregistered_key_is_refused()
    {
        using var registered = TestCertificates.CreateClientCertificate();
        using var other = TestCertificates.CreateClientCertificate("CN=someone else");
        _cloud.RegisteredCertificate = registered;
        var settings = Settings();
        settings.Certificate = other;

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => settings.CreateTokenProvider(_handler).GetTokenAsync(new[] { GraphScope }, false, CancellationToken.None));

        Assert.Equal("invalid_client", error.ErrorCode);
        Assert.Contains("AADSTS700027", error.Message);
        Assert.Contains(_cloud.Problems, p => p.Contains("x5t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_inside_the_refresh_margin_is_renewed_and_force_refresh_skips_the_cache()
    {
        _cloud.TokenLifetime = TimeSpan.FromMinutes(4);
        var settings = Settings();
        settings.ClientSecret = ToSecure(_cloud.ClientSecret);
        settings.RefreshMargin = TimeSpan.FromMinutes(5);
        var provider = settings.CreateTokenProvider(_handler);

        var first = await provider.GetTokenAsync(new[] { GraphScope }, false, CancellationToken.None);
        var second = await provider.GetTokenAsync(new[] { GraphScope }, false, CancellationToken.None);
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(2, _cloud.Count("token"));

        _cloud.TokenLifetime = TimeSpan.FromHours(1);
        var fresh = await provider.GetTokenAsync(new[] { GraphScope }, false, CancellationToken.None);
        var cached = await provider.GetTokenAsync(new[] { GraphScope }, false, CancellationToken.None);
        var forced = await provider.GetTokenAsync(new[] { GraphScope }, true, CancellationToken.None);
        Assert.Equal(fresh.Token, cached.Token);
        Assert.NotEqual(fresh.Token, forced.Token);
        Assert.Equal(4, _cloud.Count("token"));
    }

    [Fact]
    public async Task The_smtp_token_callback_asks_for_the_exchange_online_scope()
    {
        var settings = Settings();
        settings.ClientSecret = ToSecure(_cloud.ClientSecret);
        var provider = settings.CreateTokenProvider(_handler);

        Func<CancellationToken, Task<string>> callback = provider.ToTokenCallback(settings.Endpoints.SmtpScope);
        var token = await callback(CancellationToken.None);
        var again = await callback(CancellationToken.None);

        Assert.StartsWith("fake-access-token-", token);
        Assert.Equal(token, again);
        Assert.Equal("https://outlook.office365.com/.default", Assert.Single(_cloud.TokenScopes));
    }

    [Fact]
    public async Task An_unreachable_token_endpoint_is_transient()
    {
        var port = FreePort();
        var settings = Settings();
        settings.AuthorityHost = new Uri($"https://127.0.0.1:{port}");
        settings.ClientSecret = ToSecure(_cloud.ClientSecret);

        var error = await Assert.ThrowsAsync<AuthenticationFailedException>(() => settings.CreateTokenProvider(_handler).GetTokenAsync(new[] { GraphScope }, false, CancellationToken.None));

        Assert.True(error.IsTransient, error.Message);
    }

    private async Task<AccessToken> GetOrExplainAsync(IAccessTokenProvider provider)
    {
        try
        {
            return await provider.GetTokenAsync(new[] { GraphScope }, false, CancellationToken.None);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new Xunit.Sdk.XunitException(ex.Message + " / fake: " + string.Join("; ", _cloud.Problems));
        }
    }

    internal static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static System.Security.SecureString ToSecure(string text)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        return secure;
    }
}
