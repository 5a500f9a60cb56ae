using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RfqSender.Engine;
using RfqSender.Engine.Operations;
using RfqSender.Engine.Tracking;
using RfqSender.Web.Pages;
using RfqSender.Web.Security;

namespace RfqSender.Web.Endpoints;

/// <summary>
/// What every endpoint does around its work: one engine runtime per request over the configured store (disposed
/// with the request), the page context (user, role, anti-forgery token), and the engine's errors mapped to pages
/// with their status codes (404 for an unknown campaign or vendor, 409 for a refused change, 500 otherwise).
/// </summary>
public static class WebRequest
{
    /// <summary>The page context of a request (issues the anti-forgery token of its forms).</summary>
    public static PageContext Page(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<StatusServerOptions>();
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        var tokens = antiforgery.GetAndStoreTokens(context);
        var user = context.User;
        var signedIn = user.Identity?.IsAuthenticated == true;
        return new PageContext(signedIn ? UserName(user) : null, signedIn && user.IsInRole(StatusRoles.Operator), tokens.FormFieldName, tokens.RequestToken ?? string.Empty, options.LiveInterval);
    }

    /// <summary>The signed-in user's name as the audit records it.</summary>
    public static string UserName(ClaimsPrincipal user) => user.Identity?.Name ?? user.FindFirst("sub")?.Value ?? "unknown";

    /// <summary>
    /// A route value as the engine knows it: Kestrel decodes a path but leaves an escaped slash (%2F) as it is, and RFQ
    /// numbers and vendor keys may hold a slash (PO/2026/114), which the pages' links escape.
    /// </summary>
    public static string Route(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>An HTML page.</summary>
    public static IResult Html(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    /// <summary>A page with one message.</summary>
    public static IResult Message(HttpContext context, int status, string title, string message, string? back = "/") =>
        Html(PageLayout.Message(Page(context), title, message, back), status);

    /// <summary>Runs <paramref name="work"/> with a runtime over the store, mapping the engine's errors to pages.</summary>
    public static async Task<IResult> Run(HttpContext context, Func<RfqRuntime, Task<IResult>> work)
    {
        var options = context.RequestServices.GetRequiredService<StatusServerOptions>();
        try
        {
            await using var runtime = RfqRuntime.ForStore(options.Store);
            return await work(runtime).ConfigureAwait(false);
        }
        catch (CampaignNotFoundException ex)
        {
            return Message(context, StatusCodes.Status404NotFound, "No such campaign", ex.Message);
        }
        catch (StoreNotFoundException ex)
        {
            return Message(context, StatusCodes.Status404NotFound, "No store", ex.Message, back: null);
        }
        catch (DeliveryCorrectionException ex)
        {
            var status = ex.Refusal == DeliveryCorrectionRefusal.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
            return Message(context, status, "Not changed", ex.Message);
        }
        catch (RfqSenderException ex) when (ex.Kind is FailureKind.InvalidInput)
        {
            return Message(context, StatusCodes.Status400BadRequest, "Not done", ex.Message);
        }
        catch (RfqSenderException ex)
        {
            return Message(context, StatusCodes.Status503ServiceUnavailable, "The store cannot be read", ex.Message, back: null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Message(context, StatusCodes.Status503ServiceUnavailable, "Not readable", "A file this page needs cannot be read now.", back: null);
        }
    }

    /// <summary>The request's form after its anti-forgery token was checked; null (with the response set to 400) when it was missing or wrong.</summary>
    public static async Task<IFormCollection?> CheckedFormAsync(HttpContext context)
    {
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        try
        {
            await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }

        return await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The answer to a form whose anti-forgery token was missing or wrong.</summary>
    public static IResult Forged(HttpContext context) =>
        Message(context, StatusCodes.Status400BadRequest, "Refused", "The form did not come from this page of the status site, or it expired. Reload the page and try again.");
}
