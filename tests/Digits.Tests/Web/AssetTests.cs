using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Digits.Models;
using Digits.Onnx;

namespace Digits.Tests.Web;

/// <summary>The page and the phone app's files as the server sends them: compression, validators, the service worker.</summary>
[Trait("Category", "Mnist")]
public sealed class AssetTests(WebAppFixture app) : IClassFixture<WebAppFixture>
{
    private async Task<HttpResponseMessage> GetAsync(string route, string? acceptEncoding, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        return await app.Client.SendAsync(request);
    }

    [Theory]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("*", "br")]
    [InlineData(null, null)]
    [InlineData("identity", null)]
    public async Task Page_GoesOutInTheBestEncodingTheBrowserTakes_WithTheSameContent(string? acceptEncoding, string? expected)
    {
        using var plain = await GetAsync("/", null);
        byte[] raw = await plain.Content.ReadAsByteArrayAsync();
        using var response = await GetAsync("/", acceptEncoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(raw, Decode(body, expected));
        Assert.Contains("<html", System.Text.Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runtime_IsSentCompressed_NeverTheRawWebAssemblyToABrowserThatTakesBrotli()
    {
        using var response = await GetAsync("/vendor/ort-wasm-simd-threaded.wasm", "gzip, deflate, br");
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/wasm", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
        byte[] wasm = Decode(body, "br");
        Assert.Equal([0x00, (byte)'a', (byte)'s', (byte)'m'], wasm[..4]);
        Assert.True(body.Length < wasm.Length / 4, $"{body.Length} bytes sent for {wasm.Length}");
    }

    [Fact]
    public async Task DeviceModel_IsTheDeviceNetworkAsOnnx()
    {
        using var response = await GetAsync("/device-model.onnx", null);

        Assert.Equal(OnnxExport.ToBytes(PretrainedNetwork.Device), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnAssetTheBrowserHas_IsNotSentAgain()
    {
        using var first = await GetAsync("/app.js", "br");
        string tag = first.Headers.ETag!.Tag;
        using var again = await GetAsync("/app.js", "br", tag);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ServiceWorker_NamesItsCacheAfterTheVersion_AndListsEveryAssetButTheApi()
    {
        using var response = await GetAsync("/sw.js", null);
        string worker = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("__VERSION__", worker, StringComparison.Ordinal);
        Assert.DoesNotContain("__OFFLINE_ROUTES__", worker, StringComparison.Ordinal);
        Assert.Matches("const CACHE = \"digits-[0-9a-f]{16}\";", worker);
        string routes = worker.Split('\n').Single(line => line.StartsWith("const OFFLINE_ROUTES = [", StringComparison.Ordinal));
        foreach (string route in new[] { "\"/\"", "\"/app.js\"", "\"/device-model.onnx\"", "\"/vendor/ort-wasm-simd-threaded.wasm\"", "\"/manifest.webmanifest\"" })
        {
            Assert.Contains(route, routes, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("\"/api/", routes, StringComparison.Ordinal);
        Assert.DoesNotContain("\"/sw.js\"", routes, StringComparison.Ordinal);
    }

    private static byte[] Decode(byte[] body, string? encoding)
    {
        if (encoding is null)
        {
            return body;
        }

        using Stream input = encoding == "br" ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress) : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
