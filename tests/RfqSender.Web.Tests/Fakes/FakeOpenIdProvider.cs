using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RfqSender.Web.Tests.Fakes;

/// <summary>
/// An OpenID Connect provider on 127.0.0.1, shaped like Entra ID v2 for one registered client: discovery,
/// <c>/authorize</c> (authorization code flow with PKCE S256, <c>response_mode</c> form_post or query, approving
/// <see cref="User"/> at once), <c>/token</c> (code, client secret, PKCE verifier, redirect_uri checked; an RS256
/// id_token with iss, aud, sub, oid, name, preferred_username, nonce, iat, nbf, exp and the user's <c>roles</c> and
/// <c>groups</c>), <c>/jwks</c>, <c>/userinfo</c> and <c>/logout</c>. What it refused is kept in <see cref="Problems"/>.
/// Plain HTTP by default (a relying party then needs RequireHttpsMetadata=false for a loopback authority);
/// <c>StartAsync(certificate)</c> serves HTTPS instead.
/// </summary>
public sealed class FakeOpenIdProvider : IAsyncDisposable
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(2);
    private readonly WebApplication _app;
    private readonly RSA _signingKey = RSA.Create(2048);
    private readonly RSA _strayKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeOidcUser> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeOidcFault> _faults = new();

    private FakeOpenIdProvider(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The authority (issuer) without a trailing slash, e.g. http://127.0.0.1:41234.</summary>
    public string Authority { get; private set; } = null!;

    public string Issuer => Authority;

    public string MetadataAddress => Authority + "/.well-known/openid-configuration";

    public string ClientId { get; set; } = "5d3c7a1e-92f4-4b0e-8c6a-1f2e3d4c5b6a";

    public string ClientSecret { get; set; } = "fake-oidc-secret~" + Guid.NewGuid().ToString("N");

    public string KeyId { get; } = "fake-key-" + Guid.NewGuid().ToString("N").Substring(0, 8);

    /// <summary>
    /// The redirect URIs registered for the client. Empty: any http(s) URI on 127.0.0.1 or localhost is accepted
    /// (the relying party's port is known only once it runs).
    /// </summary>
    public HashSet<string> RedirectUris { get; } = new(StringComparer.Ordinal);

    /// <summary>Who signs in next; null answers /authorize with error=access_denied (the user cancelled).</summary>
    public FakeOidcUser? User { get; set; } = FakeOidcUser.WithRoles("Olivia Operator", "RfqSender.Operator");

    public TimeSpan IdTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public ConcurrentQueue<FakeAuthorizationRequest> AuthorizationRequests { get; } = new();

    /// <summary>The id_tokens issued, in order (compact JWS).</summary>
    public ConcurrentQueue<string> IssuedIdTokens { get; } = new();

    /// <summary>The query strings of /logout requests.</summary>
    public ConcurrentQueue<string> Logouts { get; } = new();

    /// <summary>Every request it refused, with why.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>The public signing key, as a relying party would build it from the JWKS.</summary>
    public SecurityKey PublicKey => new RsaSecurityKey(_signingKey.ExportParameters(false)) { KeyId = KeyId };

    public static Task<FakeOpenIdProvider> StartAsync() => StartAsync(null);

    public static async Task<FakeOpenIdProvider> StartAsync(X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var fake = new FakeOpenIdProvider(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Authority = address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        return fake;
    }

    /// <summary>Spoils the next id_token issued.</summary>
    public void Enqueue(FakeOidcFault fault) => _faults.Enqueue(fault);

    /// <summary>Checks a compact id_token against this provider's key, issuer and client, as a relying party would.</summary>
    public async Task<TokenValidationResult> ValidateAsync(string idToken) =>
        await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = ClientId,
            IssuerSigningKey = PublicKey,
            ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 },
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signingKey.Dispose();
        _strayKey.Dispose();
    }

    private static string Base64Url(byte[] bytes) => Base64UrlEncoder.Encode(bytes);

    private static bool IsLoopbackUri(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
        && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
        && (parsed.Host == "127.0.0.1" || parsed.Host == "localhost" || parsed.Host == "[::1]")
        && string.IsNullOrEmpty(parsed.Fragment);

    private static Task JsonAsync(HttpContext context, object body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(body);
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        return (path, method) switch
        {
            ("/.well-known/openid-configuration", "GET") => DiscoveryAsync(context),
            ("/authorize", "GET") => AuthorizeAsync(context, context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString())),
            ("/authorize", "POST") when context.Request.HasFormContentType => AuthorizeFormAsync(context),
            ("/token", "POST") => TokenAsync(context),
            ("/jwks", "GET") => JwksAsync(context),
            ("/userinfo", "GET") => UserInfoAsync(context),
            ("/logout", "GET") => LogoutAsync(context),
            _ => NotFoundAsync(context),
        };
    }

    private Task NotFoundAsync(HttpContext context)
    {
        Problems.Enqueue($"unknown endpoint {context.Request.Method} {context.Request.Path}");
        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    private Task DiscoveryAsync(HttpContext context) => JsonAsync(context, new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = Authority + "/authorize",
        ["token_endpoint"] = Authority + "/token",
        ["jwks_uri"] = Authority + "/jwks",
        ["userinfo_endpoint"] = Authority + "/userinfo",
        ["end_session_endpoint"] = Authority + "/logout",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query", "form_post" },
        ["grant_types_supported"] = new[] { "authorization_code" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["claims_supported"] = new[] { "sub", "iss", "aud", "exp", "iat", "nbf", "nonce", "name", "preferred_username", "email", "oid", "roles", "groups" },
    });

    private Task JwksAsync(HttpContext context)
    {
        var parameters = _signingKey.ExportParameters(false);
        return JsonAsync(context, new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = "RS256",
                    ["kid"] = KeyId,
                    ["n"] = Base64Url(parameters.Modulus!),
                    ["e"] = Base64Url(parameters.Exponent!),
                },
            },
        });
    }

    private async Task AuthorizeFormAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        await AuthorizeAsync(context, form.ToDictionary(f => f.Key, f => f.Value.ToString()));
    }

    private async Task AuthorizeAsync(HttpContext context, Dictionary<string, string> p)
    {
        string? Get(string name) => p.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        var clientId = Get("client_id");
        var redirectUri = Get("redirect_uri");
        var responseMode = Get("response_mode") ?? "query";
        var state = Get("state");

        string? error = null;
        if (clientId != ClientId)
        {
            error = $"unknown client_id '{clientId}'";
        }
        else if (redirectUri is null || !(RedirectUris.Count == 0 ? IsLoopbackUri(redirectUri) : RedirectUris.Contains(redirectUri)))
        {
            error = $"redirect_uri '{redirectUri}' is not registered";
        }

        FakeAuthorizationRequest Record(string? why) => new(
            clientId, redirectUri, Get("response_type"), Get("response_mode"), Get("scope"), state, Get("nonce"), Get("code_challenge"), Get("code_challenge_method"), why);

        if (error is not null)
        {
            // Never redirect to a URI that is not the client's: show the error here, as a provider does.
            AuthorizationRequests.Enqueue(Record(error));
            Problems.Enqueue("authorize: " + error);
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync(error);
            return;
        }

        var redirectError = Get("response_type") != "code" ? "unsupported_response_type"
            : !(Get("scope") ?? string.Empty).Split(' ').Contains("openid") ? "invalid_scope"
            : Get("code_challenge") is null || Get("code_challenge_method") != "S256" ? "invalid_request"
            : responseMode is not ("query" or "form_post") ? "invalid_request"
            : User is null ? "access_denied"
            : null;
        AuthorizationRequests.Enqueue(Record(redirectError));
        var answer = new Dictionary<string, string>();
        if (redirectError is not null)
        {
            Problems.Enqueue($"authorize: {redirectError} (response_type '{Get("response_type")}', response_mode '{responseMode}', scope '{Get("scope")}', code_challenge_method '{Get("code_challenge_method")}')");
            answer["error"] = redirectError;
        }
        else
        {
            var code = Base64Url(RandomNumberGenerator.GetBytes(32));
            _codes[code] = new IssuedCode(clientId!, redirectUri!, Get("code_challenge")!, Get("nonce"), Get("scope")!, User!, DateTimeOffset.UtcNow + CodeLifetime);
            answer["code"] = code;
        }

        if (state is not null)
        {
            answer["state"] = state;
        }

        if (responseMode == "form_post")
        {
            var html = new StringBuilder("<!doctype html><html><head><title>Working...</title></head><body onload=\"document.forms[0].submit()\">");
            html.Append("<form method=\"post\" action=\"").Append(HtmlEncoder.Default.Encode(redirectUri!)).Append("\">");
            foreach (var (name, value) in answer)
            {
                html.Append("<input type=\"hidden\" name=\"").Append(HtmlEncoder.Default.Encode(name)).Append("\" value=\"").Append(HtmlEncoder.Default.Encode(value)).Append("\"/>");
            }

            html.Append("<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>");
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(html.ToString());
            return;
        }

        var separator = redirectUri!.Contains('?') ? "&" : "?";
        context.Response.Redirect(redirectUri + separator + string.Join("&", answer.Select(a => a.Key + "=" + Uri.EscapeDataString(a.Value))));
    }

    private async Task TokenAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await TokenErrorAsync(context, "invalid_request", "not a form post");
            return;
        }

        var form = await context.Request.ReadFormAsync();
        string? Get(string name) => form.TryGetValue(name, out var value) && value.ToString().Length > 0 ? value.ToString() : null;
        var clientId = Get("client_id");
        var secret = Get("client_secret");
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization.Substring(6).Trim()));
            var colon = pair.IndexOf(':');
            clientId = Uri.UnescapeDataString(pair.Substring(0, colon));
            secret = Uri.UnescapeDataString(pair.Substring(colon + 1));
        }

        if (clientId != ClientId || secret != ClientSecret)
        {
            await TokenErrorAsync(context, "invalid_client", $"client authentication failed for '{clientId}'", 401);
            return;
        }

        if (Get("grant_type") != "authorization_code")
        {
            await TokenErrorAsync(context, "unsupported_grant_type", $"grant_type '{Get("grant_type")}'");
            return;
        }

        // A code is good once: it is taken out whatever happens next.
        if (Get("code") is not { } code || !_codes.TryRemove(code, out var issued))
        {
            await TokenErrorAsync(context, "invalid_grant", "unknown or used code");
            return;
        }

        if (issued.Expires < DateTimeOffset.UtcNow || issued.ClientId != clientId || issued.RedirectUri != Get("redirect_uri"))
        {
            await TokenErrorAsync(context, "invalid_grant", $"code expired, or issued to another client or redirect_uri than '{Get("redirect_uri")}'");
            return;
        }

        var verifier = Get("code_verifier");
        if (verifier is null || Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != issued.CodeChallenge)
        {
            await TokenErrorAsync(context, "invalid_grant", "PKCE code_verifier does not match the code_challenge");
            return;
        }

        var idToken = CreateIdToken(issued.User, issued.Nonce, _faults.TryDequeue(out var fault) ? fault : FakeOidcFault.None);
        IssuedIdTokens.Enqueue(idToken);
        var accessToken = Base64Url(RandomNumberGenerator.GetBytes(32));
        _accessTokens[accessToken] = issued.User;
        await JsonAsync(context, new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["access_token"] = accessToken,
            ["expires_in"] = 3600,
            ["scope"] = issued.Scope,
            ["id_token"] = idToken,
        });
    }

    private Task TokenErrorAsync(HttpContext context, string error, string description, int status = 400)
    {
        Problems.Enqueue($"token: {error}: {description}");
        return JsonAsync(context, new { error, error_description = description }, status);
    }

    private string CreateIdToken(FakeOidcUser user, string? nonce, FakeOidcFault fault)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = user.Subject,
            ["oid"] = user.ObjectId,
            ["name"] = user.Name,
            ["preferred_username"] = user.PreferredUsername,
            ["ver"] = "2.0",
        };
        if (user.Email is not null)
        {
            claims["email"] = user.Email;
        }

        if (nonce is not null)
        {
            claims["nonce"] = fault == FakeOidcFault.WrongNonce ? "not-" + nonce : nonce;
        }

        if (user.Roles.Count > 0)
        {
            claims["roles"] = user.Roles.ToArray();
        }

        if (user.Groups.Count > 0)
        {
            claims["groups"] = user.Groups.ToArray();
        }

        var key = fault == FakeOidcFault.UnknownSigningKey
            ? new RsaSecurityKey(_strayKey) { KeyId = "stray-" + KeyId }
            : new RsaSecurityKey(_signingKey) { KeyId = KeyId };
        var expires = fault == FakeOidcFault.Expired ? now.AddHours(-1) : now + IdTokenLifetime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = fault == FakeOidcFault.WrongIssuer ? "https://login.example.invalid/other/v2.0" : Issuer,
            Audience = fault == FakeOidcFault.WrongAudience ? "another-client" : ClientId,
            Claims = claims,
            IssuedAt = fault == FakeOidcFault.Expired ? now.AddHours(-2) : now,
            NotBefore = fault == FakeOidcFault.Expired ? now.AddHours(-2) : now.AddSeconds(-5),
            Expires = expires,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    private Task UserInfoAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.TryGetValue(authorization.Substring(7), out var user))
        {
            Problems.Enqueue("userinfo: no valid bearer token");
            context.Response.StatusCode = 401;
            return Task.CompletedTask;
        }

        return JsonAsync(context, new Dictionary<string, object?>
        {
            ["sub"] = user.Subject,
            ["name"] = user.Name,
            ["preferred_username"] = user.PreferredUsername,
            ["email"] = user.Email,
        });
    }

    private async Task LogoutAsync(HttpContext context)
    {
        Logouts.Enqueue(context.Request.QueryString.Value ?? string.Empty);
        var target = context.Request.Query["post_logout_redirect_uri"].ToString();
        if (target.Length > 0 && IsLoopbackUri(target))
        {
            var state = context.Request.Query["state"].ToString();
            context.Response.Redirect(state.Length > 0 ? target + (target.Contains('?') ? "&" : "?") + "state=" + Uri.EscapeDataString(state) : target);
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync("<!doctype html><html><head><title>Signed out</title></head><body>You have signed out.</body></html>");
    }

    private sealed record IssuedCode(string ClientId, string RedirectUri, string CodeChallenge, string? Nonce, string Scope, FakeOidcUser User, DateTimeOffset Expires);
}
