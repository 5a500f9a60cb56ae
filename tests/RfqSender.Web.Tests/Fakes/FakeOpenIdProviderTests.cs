using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RfqSender.Web.Tests.Support;

namespace RfqSender.Web.Tests.Fakes;

/// <summary>The fake OpenID Connect provider, checked by hand and by ASP.NET Core's own OpenID Connect handler in a browser.</summary>
public sealed class FakeOpenIdProviderTests : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly BrowserFixture _browser;
    private FakeOpenIdProvider _provider = null!;

    public FakeOpenIdProviderTests(BrowserFixture browser)
    {
        _browser = browser;
    }

    public async Task InitializeAsync() => _provider = await FakeOpenIdProvider.StartAsync();

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    [Fact]
    public async Task The_discovery_document_names_its_endpoints_code_flow_pkce_and_rs256()
    {
        using var http = new HttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync(_provider.MetadataAddress));
        var root = document.RootElement;
        Assert.Equal(_provider.Issuer, root.GetProperty("issuer").GetString());
        foreach (var (name, path) in new[] { ("authorization_endpoint", "/authorize"), ("token_endpoint", "/token"), ("jwks_uri", "/jwks"), ("end_session_endpoint", "/logout") })
        {
            Assert.Equal(_provider.Authority + path, root.GetProperty(name).GetString());
            Assert.StartsWith("http://127.0.0.1:", root.GetProperty(name).GetString());
        }

        Assert.Equal(new[] { "code" }, root.GetProperty("response_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("form_post", root.GetProperty("response_modes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new[] { "S256" }, root.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(new[] { "RS256" }, root.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_code_flow_with_pkce_gives_an_id_token_that_verifies_with_the_published_jwks_and_carries_roles_groups_and_nonce()
    {
        _provider.User = new FakeOidcUser("sub-1", "Vera Viewer", "vera@contoso.example", new[] { "RfqSender.Operator" }, new[] { "g-viewers", "g-other" });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var (verifier, challenge) = Pkce();
        var redirect = "http://127.0.0.1:5999/signin-oidc";
        var form = await AuthorizeFormPostAsync(http, redirect, challenge, nonce: "n-123", state: "s-456");
        Assert.Equal(redirect, form["action"]);
        Assert.Equal("s-456", form["state"]);

        using var token = await RedeemAsync(http, form["code"], redirect, verifier);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        using var body = JsonDocument.Parse(await token.Content.ReadAsStringAsync());
        var idToken = body.RootElement.GetProperty("id_token").GetString()!;

        var jwks = new JsonWebKeySet(await http.GetStringAsync(_provider.Authority + "/jwks"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = _provider.Issuer,
            ValidAudience = _provider.ClientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal(_provider.KeyId, jwt.Kid);
        Assert.Equal("sub-1", jwt.Subject);
        Assert.Equal("n-123", jwt.GetClaim("nonce").Value);
        Assert.Equal("Vera Viewer", jwt.GetClaim("name").Value);
        Assert.Equal("vera@contoso.example", jwt.GetClaim("preferred_username").Value);
        Assert.Equal(new[] { "RfqSender.Operator" }, jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.Equal(new[] { "g-viewers", "g-other" }, jwt.Claims.Where(c => c.Type == "groups").Select(c => c.Value));
        Assert.Empty(_provider.Problems);
    }

    [Fact]
    public async Task A_wrong_verifier_a_reused_code_a_wrong_secret_and_a_foreign_redirect_uri_are_refused()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var (verifier, challenge) = Pkce();
        var redirect = "http://127.0.0.1:5999/signin-oidc";

        var form = await AuthorizeFormPostAsync(http, redirect, challenge, "n", "s");
        using (var wrong = await RedeemAsync(http, form["code"], redirect, verifier + "x"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using (var again = await RedeemAsync(http, form["code"], redirect, verifier))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        }

        form = await AuthorizeFormPostAsync(http, redirect, challenge, "n", "s");
        using (var badSecret = await RedeemAsync(http, form["code"], redirect, verifier, secret: "nope"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, badSecret.StatusCode);
        }

        using (var foreign = await http.GetAsync(AuthorizeUrl("https://attacker.example/cb", challenge, "n", "s")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        }

        Assert.Equal(4, _provider.Problems.Count);
    }

    [SkippableFact]
    public async Task Asp_net_cores_openid_connect_handler_signs_in_through_it_in_a_browser_with_the_code_flow_pkce_and_form_post()
    {
        _provider.User = FakeOidcUser.WithGroups("Gina Groups", "group-viewers");
        await using var app = await StartRelyingPartyAsync(_provider);
        var url = new Uri(app.Urls.First());

        await using var session = await _browser.NewSessionAsync(url);
        await session.Page.GotoAsync("/me");
        await session.Page.WaitForURLAsync(new Regex("/me$"));
        var text = await session.Page.Locator("body").InnerTextAsync();
        Assert.Contains("name=Gina Groups", text);
        Assert.Contains("groups=group-viewers", text);
        var request = Assert.Single(_provider.AuthorizationRequests);
        Assert.Equal("form_post", request.ResponseMode);
        Assert.Equal("S256", request.CodeChallengeMethod);
        Assert.NotNull(request.Nonce);
        Assert.Equal(url.GetLeftPart(UriPartial.Authority) + "/signin-oidc", request.RedirectUri);
        Assert.Empty(_provider.Problems);
        await session.ScreenshotAsync();
    }

    [SkippableFact]
    public async Task Asp_net_cores_handler_refuses_an_id_token_signed_with_a_key_the_jwks_does_not_publish()
    {
        _provider.Enqueue(FakeOidcFault.UnknownSigningKey);
        await using var app = await StartRelyingPartyAsync(_provider);

        await using var session = await _browser.NewSessionAsync(new Uri(app.Urls.First()));
        await session.Page.GotoAsync("/me");
        Assert.DoesNotContain("name=", await session.Page.Locator("body").InnerTextAsync());
        Assert.Single(_provider.IssuedIdTokens);
    }

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private string AuthorizeUrl(string redirect, string challenge, string nonce, string state) =>
        $"{_provider.Authority}/authorize?client_id={_provider.ClientId}&redirect_uri={Uri.EscapeDataString(redirect)}&response_type=code&response_mode=form_post"
        + $"&scope=openid%20profile&state={state}&nonce={nonce}&code_challenge={challenge}&code_challenge_method=S256";

    private async Task<Dictionary<string, string>> AuthorizeFormPostAsync(HttpClient http, string redirect, string challenge, string nonce, string state)
    {
        var html = await http.GetStringAsync(AuthorizeUrl(redirect, challenge, nonce, state));
        var fields = Regex.Matches(html, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")
            .ToDictionary(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        fields["action"] = WebUtility.HtmlDecode(Regex.Match(html, "<form method=\"post\" action=\"([^\"]+)\"").Groups[1].Value);
        return fields;
    }

    private async Task<HttpResponseMessage> RedeemAsync(HttpClient http, string code, string redirect, string verifier, string? secret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _provider.Authority + "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = redirect,
                ["code_verifier"] = verifier,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_provider.ClientId}:{secret ?? _provider.ClientSecret}")));
        return await http.SendAsync(request);
    }

    /// <summary>A minimal relying party: cookie sign-in, ASP.NET Core's OpenID Connect handler (code flow, otherwise its defaults), and a page listing the user's claims.</summary>
    private static async Task<WebApplication> StartRelyingPartyAsync(FakeOpenIdProvider provider)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie()
            .AddOpenIdConnect(o =>
            {
                o.Authority = provider.Authority;
                o.RequireHttpsMetadata = false;
                o.ClientId = provider.ClientId;
                o.ClientSecret = provider.ClientSecret;
                o.MapInboundClaims = false;

                // The handler's default is the implicit id_token flow; Entra and the status page use the code flow (PKCE is on by default).
                o.ResponseType = "code";
            });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/me", (ClaimsPrincipal user) => string.Join("\n", user.Claims.Select(c => $"{c.Type}={c.Value}"))).RequireAuthorization();
        await app.StartAsync();
        return app;
    }
}
