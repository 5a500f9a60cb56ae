using Microsoft.AspNetCore.Http;

namespace RfqSender.Web.Security;

/// <summary>
/// The headers every response carries: a content security policy without inline script (scripts, styles and
/// images come from the application itself), no framing, no sniffing, no referrer, no caching of pages, and HSTS
/// on HTTPS. Written here rather than by UseHsts, which leaves out loopback hosts.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The content security policy.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>HSTS for a year, with subdomains left alone (the page may share a host name with others).</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>Adds the headers before the response starts.</summary>
    public static Task Apply(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["Content-Security-Policy"] = ContentSecurityPolicy;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            if (!headers.ContainsKey("Cache-Control"))
            {
                headers["Cache-Control"] = "no-store";
            }

            if (context.Request.IsHttps)
            {
                headers["Strict-Transport-Security"] = StrictTransportSecurity;
            }

            return Task.CompletedTask;
        });
        return next();
    }
}
