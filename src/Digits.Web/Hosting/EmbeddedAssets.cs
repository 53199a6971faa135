using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Digits.Classifiers.Network;
using Digits.Files;
using Digits.Models;
using Digits.Onnx;
using Microsoft.Net.Http.Headers;

namespace Digits.Web.Hosting;

/// <summary>
/// Serves the page and the phone app from this assembly: no CDN, no files on disk. The assets are the embedded
/// <c>wwwroot</c> files, onnxruntime-web's WebAssembly build (embedded already compressed, <c>wwwroot/vendor</c>),
/// the device network as ONNX (<see cref="DeviceModelRoute"/>: <see cref="PretrainedNetwork.Device"/>, or the
/// network file <c>Digits:DeviceNetwork</c> names) and the service worker, whose cache name is the hash of all of them
/// (<see cref="Version"/>), so a new page or model replaces the cached app as a whole. Each asset goes out
/// brotli- or gzip-compressed when the browser accepts it, with an ETag.
/// </summary>
internal sealed class EmbeddedAssets
{
    /// <summary>The route of the device network.</summary>
    public const string DeviceModelRoute = "/device-model.onnx";

    private const string ServiceWorker = "sw.js";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".mjs"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".webmanifest"] = "application/manifest+json",
        [".wasm"] = "application/wasm",
        [".onnx"] = "application/octet-stream",
    };

    // The page's files and the vendored runtime, the same for every app in the process (read and compressed once).
    private static readonly Lazy<(Dictionary<string, Asset> Assets, string Worker)> Page = new(LoadPage);

    // The shipped device network as ONNX, compressed once per process (brotli at its best takes a second for it).
    private static readonly Lazy<Asset> ShippedDevice = new(() => DeviceAsset(PretrainedNetwork.Device));

    private readonly Dictionary<string, Asset> _assets;

    private EmbeddedAssets(Dictionary<string, Asset> assets) => _assets = assets;

    /// <summary>Gets the app's version: a hash of every asset, the device network's included.</summary>
    public string Version => _assets[ServiceWorker].Version;

    /// <summary>The app's assets with <paramref name="deviceNetworkFile"/> (or, when null, the shipped device network) as its device network.</summary>
    /// <param name="deviceNetworkFile">A network file saved by <c>digits train --cnn</c>, or null.</param>
    /// <returns>The assets.</returns>
    /// <exception cref="DataFileException">The file is missing or is not a network file.</exception>
    public static EmbeddedAssets Load(string? deviceNetworkFile)
    {
        Asset device = string.IsNullOrWhiteSpace(deviceNetworkFile) ? ShippedDevice.Value : DeviceAsset(ConvNetFile.Load(deviceNetworkFile).Network);
        var assets = new Dictionary<string, Asset>(Page.Value.Assets, StringComparer.Ordinal)
        {
            [DeviceModelRoute[1..]] = device,
        };

        // The service worker names its cache after every other asset, so any change installs a new cache whole.
        string version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', assets.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value.Version}")))))[..16];
        string routes = string.Join(", ", assets.Keys.Select(Route).Order(StringComparer.Ordinal).Select(r => $"\"{r}\""));
        string worker = Page.Value.Worker.Replace("__VERSION__", version, StringComparison.Ordinal).Replace("\"__OFFLINE_ROUTES__\"", routes, StringComparison.Ordinal);
        assets[ServiceWorker] = Asset.Of(Encoding.UTF8.GetBytes(worker)) with { Version = version, ContentType = ContentTypeOf(ServiceWorker) };
        return new EmbeddedAssets(assets);
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (string name in _assets.Keys)
        {
            endpoints.MapMethods(Route(name), [HttpMethods.Get, HttpMethods.Head], (HttpContext context) => Serve(context, _assets[name])).ExcludeFromDescription();
        }
    }

    private static string Route(string name) => name == "index.html" ? "/" : "/" + name;

    private static IResult Serve(HttpContext context, Asset asset)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.Vary = "Accept-Encoding";
        var accepted = context.Request.GetTypedHeaders().AcceptEncoding;
        byte[] body;
        string tag;
        if (asset.Brotli is { } br && Accepts(accepted, "br"))
        {
            headers.ContentEncoding = "br";
            (body, tag) = (br, "br");
        }
        else if (Accepts(accepted, "gzip"))
        {
            headers.ContentEncoding = "gzip";
            (body, tag) = (asset.Gzip, "gz");
        }
        else
        {
            (body, tag) = (asset.Identity.Value, "id");
        }

        var entityTag = new EntityTagHeaderValue($"\"{asset.Version}-{tag}\"");
        return Results.Bytes(body, asset.ContentType, entityTag: entityTag);
    }

    // Whether the browser takes this encoding: named (or "*") with a quality above 0 ("br;q=0" refuses it).
    private static bool Accepts(IList<StringWithQualityHeaderValue> accepted, string encoding)
    {
        var named = accepted.FirstOrDefault(a => a.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase)) ?? accepted.FirstOrDefault(a => a.Value.Equals("*", StringComparison.Ordinal));
        return named is not null && (named.Quality ?? 1) > 0;
    }

    private static (Dictionary<string, Asset> Assets, string Worker) LoadPage()
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        var raw = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            raw[resource["wwwroot/".Length..]] = buffer.ToArray();
        }

        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (name, bytes) in raw)
        {
            if (name.EndsWith(".gz", StringComparison.Ordinal) && name.StartsWith("vendor/", StringComparison.Ordinal))
            {
                // Vendored files come compressed from the build (web/vendor.mjs); the raw form is unpacked only if asked for.
                string plain = name[..^3];
                assets[plain] = Asset.Compressed(raw.GetValueOrDefault(plain + ".br"), bytes) with { ContentType = ContentTypeOf(plain) };
            }
            else if (!name.StartsWith("vendor/", StringComparison.Ordinal) && name != ServiceWorker)
            {
                assets[name] = Asset.Of(bytes) with { ContentType = ContentTypeOf(name) };
            }
        }

        return (assets, Encoding.UTF8.GetString(raw[ServiceWorker]));
    }

    private static Asset DeviceAsset(ConvNet network) => Asset.Of(OnnxExport.ToBytes(network)) with { ContentType = ContentTypeOf(DeviceModelRoute) };

    private static string ContentTypeOf(string name) => ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");

    /// <summary>One asset: its bytes as brotli (when kept), gzip and (made when first asked for) plain, and a hash of them.</summary>
    private sealed record Asset(byte[]? Brotli, byte[] Gzip, Lazy<byte[]> Identity, string Version)
    {
        public string ContentType { get; init; } = "application/octet-stream";

        public static Asset Of(byte[] bytes) => new(Compress(bytes, brotli: true), Compress(bytes, brotli: false), new Lazy<byte[]>(bytes), Hash(bytes));

        public static Asset Compressed(byte[]? brotli, byte[] gzip) => new(brotli, gzip, new Lazy<byte[]>(() => Decompress(gzip)), Hash(gzip));

        private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];

        private static byte[] Compress(byte[] bytes, bool brotli)
        {
            using var output = new MemoryStream();
            using (Stream compressor = brotli ? new BrotliStream(output, CompressionLevel.SmallestSize, leaveOpen: true) : new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                compressor.Write(bytes);
            }

            return output.ToArray();
        }

        private static byte[] Decompress(byte[] gzip)
        {
            using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
    }
}
