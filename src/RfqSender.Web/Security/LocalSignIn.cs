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
    /// <summary>The claim that holds when the user's password was set; a new password ends the sign-ins made with the old one.</summary>
    public const string StampClaim = "rfq:stamp";

    /// <summary>The longest a sign-in lasts however often it is used (the page's live counts renew it every few seconds).</summary>
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(12);

    /// <summary>The stamp of a user's current password.</summary>
    public static string Stamp(LocalUser user) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(user.PasswordHash)))[..16];

    /// <summary>The cookie handler's check of each request's principal.</summary>
    public static async Task Validate(CookieValidatePrincipalContext context, LocalUserFile? users)
    {
        var principal = context.Principal;
        if (context.Properties.IssuedUtc is { } issued && DateTimeOffset.UtcNow - issued > AbsoluteLifetime)
        {
            // Every sign-in, Entra ID's too, is made again at least this often, so a removed role does not last for ever.
            await RejectAsync(context).ConfigureAwait(false);
            return;
        }

        if (principal?.FindFirst("rfq:signin")?.Value != "local" || users is null)
        {
            if (principal?.FindFirst("rfq:signin")?.Value == "local")
            {
                await RejectAsync(context).ConfigureAwait(false);
            }

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

        if (user is null || principal.FindFirst(StampClaim)?.Value != Stamp(user))
        {
            // Removed, or given a new password since (a leaked one is changed to end the sessions made with it).
            await RejectAsync(context).ConfigureAwait(false);
            return;
        }

        var isOperator = principal.IsInRole(StatusRoles.Operator);
        if (isOperator != (user.Role == StatusRoles.Operator))
        {
            context.ReplacePrincipal(new ClaimsPrincipal(RoleMapping.Identity(user.Name, user.Role, "local", context.Scheme.Name, Stamp(user))));
            context.ShouldRenew = true;
        }
    }

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name).ConfigureAwait(false);
    }
}
