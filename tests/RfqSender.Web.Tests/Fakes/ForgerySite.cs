using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RfqSender.Web.Tests.Fakes;

/// <summary>
/// Another web site on 127.0.0.1 (its own port, so another origin) whose page posts a form to
/// <see cref="Target"/> as soon as it loads: a cross-site request forgery, as a link in a phishing mail would start.
/// </summary>
public sealed class ForgerySite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ForgerySite(WebApplication app, Uri target)
    {
        _app = app;
        Target = target;
    }

    public Uri Target { get; }

    public Uri Url { get; private set; } = null!;

    public static async Task<ForgerySite> StartAsync(Uri target, IReadOnlyDictionary<string, string>? fields = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var site = new ForgerySite(app, target);
        var inputs = string.Concat((fields ?? new Dictionary<string, string> { ["reason"] = "forged" })
            .Select(f => $"<input type=\"hidden\" name=\"{HtmlEncoder.Default.Encode(f.Key)}\" value=\"{HtmlEncoder.Default.Encode(f.Value)}\">"));
        app.MapGet("/", () => Results.Content(
            "<!doctype html><html><head><title>You won a prize</title></head><body onload=\"document.forms[0].submit()\">"
            + $"<form method=\"post\" action=\"{HtmlEncoder.Default.Encode(target.ToString())}\">{inputs}</form></body></html>", "text/html"));
        await app.StartAsync();
        site.Url = new Uri(app.Urls.First());
        return site;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
