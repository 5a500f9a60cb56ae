namespace RfqSender.Web.Pages;

/// <summary>The sign-in page: the local users form and/or the button that goes to Entra ID.</summary>
public static class SignInPage
{
    /// <summary>The page; <paramref name="error"/> is shown above the form (a failed attempt never says which part was wrong).</summary>
    public static string Render(PageContext page, bool localUsers, string? oidcName, string returnUrl, string? error)
    {
        var body = "<section class=\"signin\"><h1>Sign in</h1>";
        if (error is not null)
        {
            body += $"<p class=\"error\" id=\"signin-error\">{Html.E(error)}</p>";
        }

        if (oidcName is not null)
        {
            body += $"<p><a class=\"button\" id=\"signin-oidc\" href=\"/signin/oidc?returnUrl={Html.E(Uri.EscapeDataString(returnUrl))}\">Sign in with {Html.E(oidcName)}</a></p>";
        }

        if (localUsers)
        {
            body += "<form method=\"post\" action=\"/signin\" id=\"signin-form\">" + page.TokenInput +
                $"<input type=\"hidden\" name=\"returnUrl\" value=\"{Html.E(returnUrl)}\">" +
                "<label>User name <input name=\"username\" id=\"username\" autocomplete=\"username\" required maxlength=\"128\"></label>" +
                "<label>Password <input name=\"password\" id=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>" +
                "<button type=\"submit\" class=\"button\" id=\"signin-submit\">Sign in</button></form>";
        }

        if (oidcName is null && !localUsers)
        {
            body += "<p class=\"error\">No sign-in is set up: start rfq serve with --users FILE or --oidc-authority.</p>";
        }

        return PageLayout.Render(page, "Sign in", body + "</section>");
    }
}
