using System.Security.Claims;

namespace RfqSender.Web.Security;

/// <summary>Turns an identity provider's app-role and group claims into the status page's role.</summary>
public static class RoleMapping
{
    /// <summary>The role claim type the page's own identity carries.</summary>
    public const string RoleClaim = ClaimTypes.Role;

    /// <summary>
    /// <see cref="StatusRoles.Operator"/> when a claim of <see cref="OidcSignInOptions.RoleClaimTypes"/> holds an operator
    /// value, else <see cref="StatusRoles.Viewer"/> for a viewer value, else null (signed in, but no role here).
    /// </summary>
    public static string? RoleOf(IEnumerable<Claim> claims, OidcSignInOptions options)
    {
        var values = claims
            .Where(c => options.RoleClaimTypes.Any(t => string.Equals(c.Type, t, StringComparison.OrdinalIgnoreCase)
                || (string.Equals(t, "roles", StringComparison.OrdinalIgnoreCase) && c.Type == ClaimTypes.Role)
                || (string.Equals(t, "groups", StringComparison.OrdinalIgnoreCase) && c.Type == "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups")))
            .Select(c => c.Value)
            .ToList();
        bool Has(IList<string> wanted) => values.Any(v => wanted.Any(w => string.Equals(v, w, StringComparison.OrdinalIgnoreCase)));
        return Has(options.OperatorValues) ? StatusRoles.Operator : Has(options.ViewerValues) ? StatusRoles.Viewer : null;
    }

    /// <summary>The page's identity for a user: name, role claims (an operator is a viewer too) and how they signed in.</summary>
    public static ClaimsIdentity Identity(string name, string role, string method, string authenticationType, string? stamp = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name),
            new(RoleClaim, StatusRoles.Viewer),
            new("rfq:signin", method),
        };
        if (stamp is not null)
        {
            claims.Add(new Claim(LocalSignIn.StampClaim, stamp));
        }

        if (role == StatusRoles.Operator)
        {
            claims.Add(new Claim(RoleClaim, StatusRoles.Operator));
        }

        return new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, RoleClaim);
    }
}
