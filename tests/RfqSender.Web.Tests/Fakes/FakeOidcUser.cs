namespace RfqSender.Web.Tests.Fakes;

/// <summary>
/// The person the fake provider signs in (it approves every authorization request at once, as a user with a live
/// session would). <see cref="Roles"/> go out as Entra app roles (the <c>roles</c> claim), <see cref="Groups"/>
/// as group object ids (the <c>groups</c> claim); empty lists are left out of the token, as Entra does.
/// </summary>
public sealed record FakeOidcUser(
    string Subject,
    string Name,
    string PreferredUsername,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Groups)
{
    public string? Email { get; init; }

    /// <summary>An Entra object id (the <c>oid</c> claim).</summary>
    public string ObjectId { get; init; } = Guid.NewGuid().ToString();

    public static FakeOidcUser WithRoles(string name, params string[] roles) =>
        new(Guid.NewGuid().ToString("N"), name, $"{name.ToLowerInvariant().Replace(' ', '.')}@contoso.example", roles, Array.Empty<string>());

    public static FakeOidcUser WithGroups(string name, params string[] groups) =>
        new(Guid.NewGuid().ToString("N"), name, $"{name.ToLowerInvariant().Replace(' ', '.')}@contoso.example", Array.Empty<string>(), groups);
}
