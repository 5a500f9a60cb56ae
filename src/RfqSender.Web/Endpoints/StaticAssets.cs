using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RfqSender.Web.Endpoints;

/// <summary>The page's own script and style, embedded in the assembly and served under /static (no CDN, no other origin).</summary>
public static class StaticAssets
{
    private static readonly Dictionary<string, (byte[] Content, string Type)> Assets = Load();

    /// <summary>Maps <c>/static/{name}</c>; open to everyone (the sign-in page needs the style too).</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/static/{name}", (HttpContext context, string name) =>
        {
            if (!Assets.TryGetValue(name, out var asset))
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(asset.Content, asset.Type);
        }).AllowAnonymous();

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        const string prefix = "RfqSender.Web.Assets.";
        var assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var name = resource.Substring(prefix.Length);
            var type = name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            assets[name] = (memory.ToArray(), type);
        }

        return assets;
    }
}
