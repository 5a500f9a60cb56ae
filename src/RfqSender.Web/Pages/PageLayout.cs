using System.Text;

namespace RfqSender.Web.Pages;

/// <summary>The frame of every page: head with the application's own style and script (no inline script), header with the user, main content.</summary>
public static class PageLayout
{
    /// <summary>A whole page.</summary>
    public static string Render(PageContext page, string title, string body, string? breadcrumb = null)
    {
        var sb = new StringBuilder(body.Length + 2048);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>").Append(Html.E(title)).Append(" – RfqSender</title>");
        sb.Append("<link rel=\"stylesheet\" href=\"/static/app.css\">");
        sb.Append("<script src=\"/static/app.js\" defer></script></head><body>");
        sb.Append("<header class=\"top\"><a class=\"brand\" href=\"/\">RfqSender</a>");
        if (breadcrumb is not null)
        {
            sb.Append("<nav class=\"crumbs\">").Append(breadcrumb).Append("</nav>");
        }

        if (page.UserName is not null)
        {
            sb.Append("<div class=\"user\"><span id=\"user-name\">").Append(Html.E(page.UserName)).Append("</span> <span class=\"role\" id=\"user-role\">")
              .Append(page.IsOperator ? "operator" : "viewer").Append("</span> ")
              .Append(page.PostButton("/signout", "Sign out", "link")).Append("</div>");
        }

        sb.Append("</header><main>").Append(body).Append("</main></body></html>");
        return sb.ToString();
    }

    /// <summary>A page with one message (not found, refused, an error), and a link back.</summary>
    public static string Message(PageContext page, string title, string message, string? back = "/") =>
        Render(page, title, $"<h1>{Html.E(title)}</h1><p class=\"message\" id=\"message\">{Html.E(message)}</p>" +
            (back is null ? string.Empty : $"<p><a href=\"{Html.E(back)}\">Back</a></p>"));
}
