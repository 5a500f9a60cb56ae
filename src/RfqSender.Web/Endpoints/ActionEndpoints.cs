using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RfqSender.Web.Security;

namespace RfqSender.Web.Endpoints;

/// <summary>
/// The operators' actions: pause and resume a campaign, exclude a vendor, assign an unmatched reply. Each checks
/// the anti-forgery token of its form, goes through the engine's operation (the same the cmdlets and rfq use),
/// which writes the audit record with the signed-in user's name, and answers with a redirect to the page it
/// came from (303), or a page saying why nothing changed.
/// </summary>
public static class ActionEndpoints
{
    /// <summary>What the audit records as the source of these actions.</summary>
    public const string Source = "web";

    /// <summary>Maps the endpoints, all behind the operate policy.</summary>
    public static void Map(IEndpointRouteBuilder app, OverviewCache overviews)
    {
        var group = app.MapGroup(string.Empty).RequireAuthorization(StatusRoles.OperatePolicy).DisableAntiforgery();

        group.MapPost("/campaigns/{rfq}/pause", (HttpContext context, string rfq) => Act(context, async (runtime, form, user) =>
        {
            rfq = WebRequest.Route(rfq);
            var campaign = await runtime.PauseCampaignAsync(rfq, user, Text(form["reason"]), Source, context.RequestAborted).ConfigureAwait(false);
            overviews.Forget(campaign.RfqNumber);
            return CampaignPath(campaign.RfqNumber);
        }));

        group.MapPost("/campaigns/{rfq}/resume", (HttpContext context, string rfq) => Act(context, async (runtime, form, user) =>
        {
            rfq = WebRequest.Route(rfq);
            var campaign = await runtime.UnpauseCampaignAsync(rfq, user, Source, context.RequestAborted).ConfigureAwait(false);
            overviews.Forget(campaign.RfqNumber);
            return CampaignPath(campaign.RfqNumber);
        }));

        group.MapPost("/campaigns/{rfq}/vendors/{key}/exclude", (HttpContext context, string rfq, string key) => Act(context, async (runtime, form, user) =>
        {
            (rfq, key) = (WebRequest.Route(rfq), WebRequest.Route(key));
            var delivery = await runtime.ExcludeVendorAsync(rfq, key, Text(form["reason"]), user, Source, context.RequestAborted).ConfigureAwait(false);
            overviews.Forget(delivery.RfqNumber);
            return CampaignPath(delivery.RfqNumber) + "/vendors/" + Uri.EscapeDataString(delivery.VendorKey);
        }));

        group.MapPost("/replies/{id:long}/assign", (HttpContext context, long id) => Act(context, async (runtime, form, user) =>
        {
            var rfq = Text(form["rfq"]);
            var vendorKey = Text(form["vendorKey"]);
            if (rfq is null || vendorKey is null)
            {
                throw new Engine.RfqSenderException(Engine.FailureKind.InvalidInput, "Give the campaign and the vendor key to assign the reply to.");
            }

            var reply = await runtime.AssignReplyAsync(id, rfq, vendorKey, Text(form["reason"]), user, Source, context.RequestAborted).ConfigureAwait(false);
            overviews.Forget(reply.RfqNumber ?? rfq);
            return CampaignPath(reply.RfqNumber ?? rfq) + "/vendors/" + Uri.EscapeDataString(reply.VendorKey ?? vendorKey);
        }));
    }

    private static async Task<IResult> Act(HttpContext context, Func<Engine.Operations.RfqRuntime, IFormCollection, string, Task<string>> action)
    {
        var form = await WebRequest.CheckedFormAsync(context).ConfigureAwait(false);
        if (form is null)
        {
            return WebRequest.Forged(context);
        }

        var user = WebRequest.UserName(context.User);
        return await WebRequest.Run(context, async runtime =>
        {
            var back = await action(runtime, form, user).ConfigureAwait(false);
            return (IResult)new SeeOther(back);
        }).ConfigureAwait(false);
    }

    private static string CampaignPath(string rfq) => "/campaigns/" + Uri.EscapeDataString(rfq);

    private static string? Text(Microsoft.Extensions.Primitives.StringValues value)
    {
        var text = value.ToString().Trim();
        return text.Length == 0 ? null : text;
    }

    private sealed class SeeOther : IResult
    {
        private readonly string _location;

        public SeeOther(string location) => _location = location;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = _location;
            return Task.CompletedTask;
        }
    }
}
