using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace RfqSender.Web.Security;

/// <summary>
/// Keeps a local user's sign-in cookie in step with the users file: a user removed from it is signed out at their
/// next request, and one given another role has that role from then on (the cookie is renewed with it). Entra ID
/// sign-ins are left alone: their role is the provider's until they sign in again.
/// </summary>
public static class LocalSignIn
{
    /// <summary>The cookie handler's check of each request's principal.</summary>
    public static async Task Validate(CookieValidatePrincipalContext context, LocalUserFile users)
    {
        var principal = context.Principal;
        if (principal?.FindFirst("rfq:signin")?.Value != "local")
        {
            return;
        }

        var name = principal.Identity?.Name ?? string.Empty;
        LocalUser? user;
        try
        {
            user = users.Find(name);
        }
        catch (Engine.RfqSenderException)
        {
            // A users file that cannot be read now (half-edited by hand) signs nobody in, and nobody keeps access.
            user = null;
        }

        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name).ConfigureAwait(false);
            return;
        }

        var isOperator = principal.IsInRole(StatusRoles.Operator);
        if (isOperator != (user.Role == StatusRoles.Operator))
        {
            context.ReplacePrincipal(new ClaimsPrincipal(RoleMapping.Identity(user.Name, user.Role, "local", context.Scheme.Name)));
            context.ShouldRenew = true;
        }
    }
}
