using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RfqSender.Web.Endpoints;

/// <summary>
/// One line per request: time, method, path (never the query string, which may hold a search or a sign-in code),
/// status, user and duration. No header, cookie, form field or body is written.
/// </summary>
public static class AccessLog
{
    private static readonly object Lock = new();

    /// <summary>Runs the request and writes its line.</summary>
    public static async Task Write(HttpContext context, Func<Task> next, TextWriter log)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            var user = context.User.Identity?.IsAuthenticated == true ? WebRequest.UserName(context.User) : "-";
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {context.Request.Method} {context.Request.Path} {context.Response.StatusCode} {user} {watch.ElapsedMilliseconds} ms");
            lock (Lock)
            {
                log.WriteLine(line);
                log.Flush();
            }
        }
    }
}
