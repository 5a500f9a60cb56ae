namespace RfqSender.Web.Security;

/// <summary>One user of the local users file: a name, a role and a salted password hash (never the password).</summary>
public sealed class LocalUser
{
    /// <summary>The sign-in name (compared case-insensitively).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><see cref="StatusRoles.Viewer"/> or <see cref="StatusRoles.Operator"/>.</summary>
    public string Role { get; set; } = StatusRoles.Viewer;

    /// <summary>The <see cref="PasswordHash"/> of the password.</summary>
    public string PasswordHash { get; set; } = string.Empty;

    /// <summary>When the user was added or last given a new password.</summary>
    public DateTimeOffset Changed { get; set; }
}
