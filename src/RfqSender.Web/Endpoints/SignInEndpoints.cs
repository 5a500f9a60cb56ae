using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RfqSender.Web.Pages;
using RfqSender.Web.Security;

namespace RfqSender.Web.Endpoints;

/// <summary>Signing in (local users form, Entra ID challenge), signing out and the refusal page.</summary>
public static class SignInEndpoints
{
    /// <summary>The cookie scheme of a signed-in user.</summary>
    public const string CookieScheme = "RfqSender";

    /// <summary>The OpenID Connect scheme.</summary>
    public const string OidcScheme = "oidc";

    /// <summary>The rate limiter policy of sign-in attempts.</summary>
    public const string RatePolicy = "signin";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app, StatusServerOptions options)
    {
        app.MapGet("/signin", (HttpContext context, string? returnUrl, string? failed) =>
        {
            var error = failed switch
            {
                null => null,
                "norole" => "You signed in, but you have neither the viewer nor the operator role of RfqSender. Ask an administrator to assign one.",
                _ => "Sign-in with the identity provider did not complete. Try again.",
            };
            return SignIn(context, options, LocalReturn(returnUrl), error, StatusCodes.Status200OK);
        }).AllowAnonymous();

        app.MapPost("/signin", async (HttpContext context) =>
        {
            var form = await WebRequest.CheckedFormAsync(context).ConfigureAwait(false);
            if (form is null)
            {
                return WebRequest.Forged(context);
            }

            var returnUrl = LocalReturn(form["returnUrl"]);
            if (options.UsersFile is null)
            {
                return SignIn(context, options, returnUrl, "Local users are not set up here.", StatusCodes.Status400BadRequest);
            }

            var user = new LocalUserFile(options.UsersFile).Verify(form["username"], form["password"]);
            if (user is null)
            {
                return SignIn(context, options, returnUrl, "The user name or the password is not right.", StatusCodes.Status401Unauthorized);
            }

            var identity = RoleMapping.Identity(user.Name, user.Role, "local", CookieScheme, LocalSignIn.Stamp(user));
            await context.SignInAsync(CookieScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
            return Results.Redirect(returnUrl);
        }).AllowAnonymous().RequireRateLimiting(RatePolicy).DisableAntiforgery();

        app.MapGet("/signin/oidc", (string? returnUrl) =>
            options.Oidc is null
                ? Results.NotFound()
                : Results.Challenge(new AuthenticationProperties { RedirectUri = LocalReturn(returnUrl) }, new[] { OidcScheme }))
            .AllowAnonymous().RequireRateLimiting(RatePolicy);

        app.MapPost("/signout", async (HttpContext context) =>
        {
            if (await WebRequest.CheckedFormAsync(context).ConfigureAwait(false) is null)
            {
                return WebRequest.Forged(context);
            }

            await context.SignOutAsync(CookieScheme).ConfigureAwait(false);
            return Results.Redirect("/signin");
        }).AllowAnonymous().DisableAntiforgery();

        app.MapGet("/denied", (HttpContext context) =>
            WebRequest.Message(context, StatusCodes.Status403Forbidden, "Not allowed", "Only an operator may do that. You are signed in as a viewer.")).AllowAnonymous();

        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous();
    }

    /// <summary>A return address that stays on this site (a path, never another host); "/" otherwise.</summary>
    public static string LocalReturn(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl![0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";

    private static IResult SignIn(HttpContext context, StatusServerOptions options, string returnUrl, string? error, int status) =>
        WebRequest.Html(SignInPage.Render(WebRequest.Page(context), options.UsersFile is not null, options.Oidc?.DisplayName, returnUrl, error), status);
}
