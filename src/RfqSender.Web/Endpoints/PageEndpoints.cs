using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RfqSender.Engine.Quotes;
using RfqSender.Engine.Reporting;
using RfqSender.Engine.Tracking;
using RfqSender.Web.Pages;
using RfqSender.Web.Security;

namespace RfqSender.Web.Endpoints;

/// <summary>The pages and reads every signed-in user (viewer or operator) may open.</summary>
public static class PageEndpoints
{
    /// <summary>Vendors per page of the campaign table.</summary>
    public const int PageSize = 50;

    /// <summary>Maps the endpoints, all behind the view policy.</summary>
    public static void Map(IEndpointRouteBuilder app, StatusServerOptions options, OverviewCache overviews)
    {
        var group = app.MapGroup(string.Empty).RequireAuthorization(StatusRoles.ViewPolicy);

        group.MapGet("/", (Func<HttpContext, Task<IResult>>)(context => WebRequest.Run(context, async runtime =>
        {
            var store = runtime.OpenStore(create: false);
            var campaigns = await store.GetCampaignsAsync(null, context.RequestAborted).ConfigureAwait(false);
            var unmatched = store.Exists ? (await store.GetInboundAsync(new InboundQuery { Matched = false }, context.RequestAborted).ConfigureAwait(false)).Count : 0;
            return WebRequest.Html(CampaignListPage.Render(WebRequest.Page(context), store.Description, campaigns, unmatched));
        })));

        group.MapGet("/campaigns/{rfq}", (HttpContext context, string rfq, string? state, string? category, string? q, int? offset) => WebRequest.Run(context, async runtime =>
        {
            rfq = WebRequest.Route(rfq);
            var query = new DeliveryPageQuery(rfq) { Offset = Math.Max(0, offset ?? 0), Limit = PageSize };
            if (!string.IsNullOrEmpty(state))
            {
                if (!Enum.TryParse<DeliveryState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(typeof(DeliveryState), parsed))
                {
                    return WebRequest.Message(context, StatusCodes.Status400BadRequest, "Not a state", $"'{state}' is not a delivery state.");
                }

                query.States = new[] { parsed };
            }

            query.Category = string.IsNullOrWhiteSpace(category) ? null : category.Trim();
            query.Search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
            var campaign = await CampaignAsync(runtime, rfq, context.RequestAborted).ConfigureAwait(false);
            query = new DeliveryPageQuery(campaign.RfqNumber) { States = query.States, Category = query.Category, Search = query.Search, Offset = query.Offset, Limit = query.Limit };
            var store = runtime.OpenExistingStore();
            var view = new CampaignView
            {
                Campaign = campaign,
                Query = query,
                Vendors = await runtime.GetDeliveryPageAsync(query, context.RequestAborted).ConfigureAwait(false),
                Overview = await overviews.GetAsync(runtime, campaign.RfqNumber, context.RequestAborted).ConfigureAwait(false),
                Categories = await store.GetCategoriesAsync(campaign.RfqNumber, context.RequestAborted).ConfigureAwait(false),
                Audit = await runtime.GetAuditAsync(campaign.RfqNumber, 20, context.RequestAborted).ConfigureAwait(false),
            };
            return WebRequest.Html(CampaignPage.Render(WebRequest.Page(context), view));
        }));

        group.MapGet("/campaigns/{rfq}/live", (HttpContext context, string rfq) => WebRequest.Run(context, async runtime =>
        {
            rfq = WebRequest.Route(rfq);
            var c = await CampaignAsync(runtime, rfq, context.RequestAborted).ConfigureAwait(false);
            var counts = CampaignPage.StateOrder.ToDictionary(s => s.ToString(), s => c.Counts.TryGetValue(s, out var n) ? n : 0);
            return Results.Json(new
            {
                rfqNumber = c.RfqNumber,
                total = c.Total,
                done = c.Total - c.Open,
                sending = c.Sending,
                paused = c.IsPaused,
                counts,
                updatedAt = Html.Seconds(c.UpdatedAt),
            });
        }));

        group.MapGet("/campaigns/{rfq}/vendors/{key}", (HttpContext context, string rfq, string key) => WebRequest.Run(context, async runtime =>
        {
            (rfq, key) = (WebRequest.Route(rfq), WebRequest.Route(key));
            var campaign = await CampaignAsync(runtime, rfq, context.RequestAborted).ConfigureAwait(false);
            var store = runtime.OpenExistingStore();
            var keys = new[] { key };
            var delivery = (await store.GetDeliveriesAsync(new DeliveryQuery(campaign.RfqNumber) { VendorKeys = keys }, context.RequestAborted).ConfigureAwait(false)).FirstOrDefault();
            if (delivery is null)
            {
                return WebRequest.Message(context, StatusCodes.Status404NotFound, "No such vendor", $"{campaign.RfqNumber} has no vendor with the key '{key}'.", "/campaigns/" + Uri.EscapeDataString(campaign.RfqNumber));
            }

            var view = new VendorView
            {
                Delivery = delivery,
                Changes = await store.GetChangesAsync(campaign.RfqNumber, keys, context.RequestAborted).ConfigureAwait(false),
                Attempts = await runtime.GetDeliveryAttemptsAsync(campaign.RfqNumber, keys, context.RequestAborted).ConfigureAwait(false),
                Reminders = await runtime.GetReminderAttemptsAsync(campaign.RfqNumber, keys, context.RequestAborted).ConfigureAwait(false),
                Replies = await runtime.GetRepliesAsync(new InboundQuery { RfqNumber = campaign.RfqNumber, VendorKeys = keys }, context.RequestAborted).ConfigureAwait(false),
                Quotes = await runtime.GetQuotesAsync(new QuoteQuery(campaign.RfqNumber) { VendorKeys = keys }, context.RequestAborted).ConfigureAwait(false),
            };
            return WebRequest.Html(VendorPage.Render(WebRequest.Page(context), view));
        }));

        group.MapGet("/campaigns/{rfq}/report", (HttpContext context, string rfq, string? format) => WebRequest.Run(context, async runtime =>
        {
            rfq = WebRequest.Route(rfq);
            var kind = format?.ToLowerInvariant() switch
            {
                null or "" or "html" => ReportFormat.Html,
                "csv" => ReportFormat.Csv,
                "json" => ReportFormat.Json,
                _ => (ReportFormat?)null,
            };
            if (kind is null)
            {
                return WebRequest.Message(context, StatusCodes.Status400BadRequest, "Not a format", "A report is html, csv or json.");
            }

            var report = await runtime.GetReportAsync(rfq, context.RequestAborted).ConfigureAwait(false);
            using var memory = new MemoryStream();
            CampaignReportWriter.Write(report, kind.Value, memory);
            var (extension, type) = kind.Value switch
            {
                ReportFormat.Csv => ("csv", "text/csv; charset=utf-8"),
                ReportFormat.Json => ("json", "application/json; charset=utf-8"),
                _ => ("html", "text/html; charset=utf-8"),
            };
            return Results.File(memory.ToArray(), type, $"{FileNamePart(report.RfqNumber)}-report.{extension}");
        }));

        group.MapGet("/replies", (Func<HttpContext, Task<IResult>>)(context => WebRequest.Run(context, async runtime =>
        {
            var store = runtime.OpenStore(create: false);
            var unmatched = store.Exists ? await store.GetInboundAsync(new InboundQuery { Matched = false, Max = 500 }, context.RequestAborted).ConfigureAwait(false) : Array.Empty<InboundRecord>();
            var campaigns = await store.GetCampaignsAsync(null, context.RequestAborted).ConfigureAwait(false);
            return WebRequest.Html(RepliesPage.Render(WebRequest.Page(context), unmatched, campaigns));
        })));

        group.MapGet("/replies/{id:long}/files/{index:int}", (HttpContext context, long id, int index) => WebRequest.Run(context, async runtime =>
        {
            var reply = (await runtime.GetRepliesAsync(new InboundQuery { Id = id }, context.RequestAborted).ConfigureAwait(false)).FirstOrDefault();
            var file = reply is not null && index >= 0 && index < reply.Attachments.Count ? reply.Attachments[index] : null;
            if (file?.SavedPath is null || !File.Exists(file.SavedPath))
            {
                return WebRequest.Message(context, StatusCodes.Status404NotFound, "No such file", "That file was not kept, or it was moved.");
            }

            // Always a download, never shown in the page's origin: a vendor's file may be HTML or script.
            return Results.File(File.OpenRead(file.SavedPath), "application/octet-stream", Path.GetFileName(file.FileName));
        }));
    }

    /// <summary>The campaign, or the engine's CampaignNotFoundException.</summary>
    public static async Task<CampaignRecord> CampaignAsync(Engine.Operations.RfqRuntime runtime, string rfq, CancellationToken cancellationToken)
    {
        var store = runtime.OpenExistingStore();
        return (await store.GetCampaignsAsync(rfq, cancellationToken).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new Engine.Operations.CampaignNotFoundException(rfq, store.Description);
    }

    private static string FileNamePart(string text) =>
        new string(text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}
