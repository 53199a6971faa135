using System.Reflection;

namespace Digits.Web.Hosting;

/// <summary>Serves the page (html, css, js, icon) from resources embedded in this assembly: no CDN, no files on disk.</summary>
internal static class EmbeddedAssets
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".webmanifest"] = "application/manifest+json",
    };

    private static readonly Lazy<Dictionary<string, byte[]>> Assets = new(LoadAll);

    public static void MapEmbeddedAssets(this IEndpointRouteBuilder endpoints)
    {
        foreach (string name in Assets.Value.Keys)
        {
            string route = name == "index.html" ? "/" : "/" + name;
            endpoints.MapMethods(route, [HttpMethods.Get, HttpMethods.Head], (HttpContext context) => Serve(context, name)).ExcludeFromDescription();
        }
    }

    private static IResult Serve(HttpContext context, string name)
    {
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(Assets.Value[name], ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream"));
    }

    private static Dictionary<string, byte[]> LoadAll()
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        var assets = new Dictionary<string, byte[]>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            assets[resource["wwwroot/".Length..]] = buffer.ToArray();
        }

        return assets;
    }
}
