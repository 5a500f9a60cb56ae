namespace RfqSender.Web.Security;

/// <summary>
/// The two roles of the status page. A viewer sees campaigns, vendors, replies and reports; an operator also
/// pauses and resumes campaigns, excludes vendors and assigns unmatched replies. An operator is a viewer too.
/// </summary>
public static class StatusRoles
{
    /// <summary>Sees everything, changes nothing.</summary>
    public const string Viewer = "viewer";

    /// <summary>Also performs the actions.</summary>
    public const string Operator = "operator";

    /// <summary>The authorization policy of every page: a signed-in user with either role.</summary>
    public const string ViewPolicy = "rfq-view";

    /// <summary>The authorization policy of the actions: a signed-in operator.</summary>
    public const string OperatePolicy = "rfq-operate";

    /// <summary>The role's own name when <paramref name="value"/> names one (case-insensitive), else null.</summary>
    public static string? Parse(string? value) =>
        string.Equals(value, Viewer, StringComparison.OrdinalIgnoreCase) ? Viewer
        : string.Equals(value, Operator, StringComparison.OrdinalIgnoreCase) ? Operator
        : null;
}
