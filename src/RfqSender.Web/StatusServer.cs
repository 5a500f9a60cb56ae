using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RfqSender.Engine;
using RfqSender.Web.Endpoints;
using RfqSender.Web.Security;

namespace RfqSender.Web;

/// <summary>
/// The status page's web server (<c>rfq serve</c>): Kestrel on the configured addresses, sign-in with local users
/// or Entra ID, the pages, the live counts and the operators' actions over the engine's operations. It wires
/// nothing of the engine itself: every request reads and acts through an <see cref="Engine.Operations.RfqRuntime"/>.
/// </summary>
public sealed class StatusServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StatusServer(WebApplication app, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        Addresses = addresses;
    }

    /// <summary>The addresses the server listens on, with the ports it was given.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>Checks the options, binds the addresses and starts serving.</summary>
    /// <exception cref="RfqSenderException">The options are not usable (an address, the certificate, the sign-in, the users file), naming what.</exception>
    public static async Task<StatusServer> StartAsync(StatusServerOptions options, CancellationToken cancellationToken)
    {
        var app = Build(options);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new RfqSenderException(FailureKind.Configuration, $"The status page cannot listen on {string.Join(", ", options.Urls)}: {ex.Message}");
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new Uri(a.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal)))
            .ToList() ?? new List<Uri>();
        return new StatusServer(app, addresses);
    }

    /// <summary>Waits until the server stops (on <paramref name="cancellationToken"/>, or when the host is told to).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops serving; requests in progress get a few seconds to finish.</summary>
    public Task StopAsync() => _app.StopAsync(TimeSpan.FromSeconds(5));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static WebApplication Build(StatusServerOptions options)
    {
        var addresses = options.Urls.Count == 0
            ? throw new RfqSenderException(FailureKind.InvalidInput, "Give at least one address to listen on.")
            : options.Urls.Select(ListenAddress.Parse).ToList();
        var certificate = ServerCertificate.Load(options);
        if (addresses.Any(a => a.Https) && certificate is null)
        {
            throw new RfqSenderException(FailureKind.Configuration, "HTTPS needs a certificate: give --certificate FILE (PFX, or PEM with --certificate-key) or --certificate-thumbprint.");
        }

        CheckSignIn(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "RfqSender.Web", ContentRootPath = AppContext.BaseDirectory, EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var address in addresses)
            {
                kestrel.Listen(address.Address, address.Port, listen =>
                {
                    if (address.Https)
                    {
                        listen.UseHttps(certificate!);
                    }
                });
            }
        });

        var users = options.UsersFile is null ? null : new LocalUserFile(options.UsersFile);
        var services = builder.Services;
        services.AddSingleton(options);
        var overviews = new OverviewCache(options.OverviewLifetime);
        services.AddSingleton(overviews);
        // Each server's own keys: a cookie of another rfq serve on this host (browsers send cookies by host, not port)
        // over another store or sign-in does not open this one.
        var instance = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join("|", options.Store.Kind, options.Store.Path, options.Store.ConnectionString, options.UsersFile, options.Oidc?.Authority, options.Oidc?.ClientId))))[..16];
        var protection = services.AddDataProtection().SetApplicationName("RfqSender-" + instance);
        if (options.KeysPath is not null)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(options.KeysPath));
        }

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "RfqSender.Csrf";
            o.FormFieldName = "__rfq_csrf";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        var authentication = services.AddAuthentication(SignInEndpoints.CookieScheme)
            .AddCookie(SignInEndpoints.CookieScheme, o =>
            {
                o.Cookie.Name = "RfqSender.Auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = addresses.All(a => a.Https) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = options.SignInLifetime;
                o.SlidingExpiration = true;
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/denied";
                o.Events.OnRedirectToLogin = context => Refuse(context.HttpContext, StatusCodes.Status401Unauthorized, context.RedirectUri);
                o.Events.OnRedirectToAccessDenied = context => Refuse(context.HttpContext, StatusCodes.Status403Forbidden, null);
                o.Events.OnValidatePrincipal = context => LocalSignIn.Validate(context, users);
            });
        if (options.Oidc is { } oidc)
        {
            authentication.AddOpenIdConnect(SignInEndpoints.OidcScheme, o =>
            {
                o.SignInScheme = SignInEndpoints.CookieScheme;
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code";
                o.ResponseMode = "form_post";
                o.UsePkce = true;
                o.CallbackPath = oidc.CallbackPath;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                o.TokenValidationParameters.NameClaimType = "name";
                o.Events.OnTokenValidated = context =>
                {
                    var principal = context.Principal!;
                    var role = RoleMapping.RoleOf(principal.Claims, oidc);
                    if (role is null)
                    {
                        context.Fail("The user has no RfqSender role.");
                        return Task.CompletedTask;
                    }

                    var name = principal.FindFirst("preferred_username")?.Value ?? principal.FindFirst("name")?.Value
                        ?? principal.FindFirst("sub")?.Value ?? "unknown";
                    context.Principal = new System.Security.Claims.ClaimsPrincipal(RoleMapping.Identity(name, role, "oidc", SignInEndpoints.CookieScheme));
                    return Task.CompletedTask;
                };
                o.Events.OnRemoteFailure = context =>
                {
                    var noRole = context.Failure?.Message.Contains("no RfqSender role", StringComparison.Ordinal) == true;
                    context.Response.Redirect("/signin?failed=" + (noRole ? "norole" : "oidc"));
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }

        services.AddAuthorization(o =>
        {
            o.AddPolicy(StatusRoles.ViewPolicy, p => p.RequireAuthenticatedUser().RequireRole(StatusRoles.Viewer, StatusRoles.Operator));
            o.AddPolicy(StatusRoles.OperatePolicy, p => p.RequireAuthenticatedUser().RequireRole(StatusRoles.Operator));
            o.FallbackPolicy = o.GetPolicy(StatusRoles.ViewPolicy);
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignInEndpoints.RatePolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, options.SignInAttemptsPerMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(context.HttpContext.Response.WriteAsync("Too many sign-in attempts from this address; wait a minute."));
            };
        });

        var app = builder.Build();
        app.UseExceptionHandler(failed => failed.Run(context =>
        {
            // A defect answers 500 with no stack trace, path or message (the server's log has the exception).
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("The status page failed to answer this request.");
        }));
        app.Use((context, next) => SecurityHeaders.Apply(context, next));
        if (options.AccessLog is { } log)
        {
            app.Use((context, next) => AccessLog.Write(context, next, log));
        }

        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        StaticAssets.Map(app);
        SignInEndpoints.Map(app, options);
        PageEndpoints.Map(app, options, overviews);
        ActionEndpoints.Map(app, overviews);
        return app;
    }

    private static Task Refuse(HttpContext context, int status, string? signInUri)
    {
        var wantsPage = HttpMethods.IsGet(context.Request.Method)
            && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
        if (status == StatusCodes.Status401Unauthorized && wantsPage && signInUri is not null)
        {
            context.Response.Redirect(signInUri);
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status403Forbidden)
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(Pages.PageLayout.Message(Endpoints.WebRequest.Page(context), "Not allowed", "Only an operator may do that. You are signed in as a viewer."));
        }

        return Task.CompletedTask;
    }

    private static void CheckSignIn(StatusServerOptions options)
    {
        if (options.UsersFile is null && options.Oidc is null)
        {
            throw new RfqSenderException(FailureKind.Configuration, "The status page needs a sign-in: give --users FILE (local users, made with rfq serve --add-user) or --oidc-authority and --oidc-client-id (Entra ID).");
        }

        if (options.UsersFile is not null)
        {
            var users = new LocalUserFile(options.UsersFile).Read();
            if (users.Count == 0 && options.Oidc is null)
            {
                throw new RfqSenderException(FailureKind.Configuration, $"The users file '{options.UsersFile}' has no user yet; add one with rfq serve --add-user NAME --role operator --users '{options.UsersFile}'.");
            }
        }

        if (options.Oidc is { } oidc)
        {
            if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
            {
                throw new RfqSenderException(FailureKind.Configuration, $"The OpenID Connect authority '{oidc.Authority}' is not an https URL (for Entra ID: https://login.microsoftonline.com/TENANT-ID/v2.0).");
            }

            var loopback = authority.IsLoopback || (IPAddress.TryParse(authority.Host, out var ip) && IPAddress.IsLoopback(ip));
            if (authority.Scheme == Uri.UriSchemeHttp && !loopback)
            {
                throw new RfqSenderException(FailureKind.Configuration, $"The OpenID Connect authority '{oidc.Authority}' must be https.");
            }

            if (!oidc.RequireHttpsMetadata && !loopback)
            {
                throw new RfqSenderException(FailureKind.Configuration, "Metadata over plain HTTP is allowed only for a provider on a loopback address.");
            }

            if (string.IsNullOrWhiteSpace(oidc.ClientId))
            {
                throw new RfqSenderException(FailureKind.Configuration, "Sign-in with OpenID Connect needs the application (client) ID: --oidc-client-id.");
            }

            if (string.IsNullOrEmpty(oidc.ClientSecret))
            {
                throw new RfqSenderException(FailureKind.Configuration, "Sign-in with OpenID Connect needs the client secret in RFQSENDER_OIDC_CLIENT_SECRET.");
            }

            if (oidc.OperatorValues.Count == 0 && oidc.ViewerValues.Count == 0)
            {
                throw new RfqSenderException(FailureKind.Configuration, "Say which app roles or groups make an operator or a viewer (--oidc-operator, --oidc-viewer).");
            }
        }
    }
}
