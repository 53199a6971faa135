using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Digits.Tests.Web;

[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class PixelApiTests(MnistFixture mnist, WebAppFixture web) : IClassFixture<WebAppFixture>
{
    private HttpClient Client => web.Client;

    [Fact]
    public async Task Pixels_MnistTestDigits_AreReadWithProbabilitiesAndNeighbours()
    {
        for (int i = 0; i < 5; i++)
        {
            int[] pixels = mnist.Data.Test.Images[i].ToArray().Select(b => (int)b).ToArray();
            var response = await Client.PostAsJsonAsync("/api/recognize/pixels", new { pixels });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = json.RootElement;
            Assert.Equal(mnist.Data.Test.Labels[i].ToString(), root.GetProperty("text").GetString());
            var digit = root.GetProperty("digits")[0];
            Assert.Equal(10, digit.GetProperty("probabilities").GetArrayLength());
            Assert.Equal(784, digit.GetProperty("input").GetArrayLength());
            Assert.True(digit.GetProperty("confidence").GetDouble() >= 0.5);
            Assert.True(digit.GetProperty("neighbors").GetArrayLength() >= 1);
            Assert.True(root.GetProperty("timings").GetProperty("total").GetDouble() > 0);
        }
    }

    [Fact]
    public async Task Pixels_NeighbourImageUrl_ServesPng()
    {
        int[] pixels = mnist.Data.Test.Images[0].ToArray().Select(b => (int)b).ToArray();
        var response = await Client.PostAsJsonAsync("/api/recognize/pixels", new { pixels });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string url = json.RootElement.GetProperty("digits")[0].GetProperty("neighbors")[0].GetProperty("image").GetString()!;

        var image = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal((byte)0x89, (await image.Content.ReadAsByteArrayAsync())[0]);
    }

    [Fact]
    public async Task Pixels_BlankDrawing_SaysNothingDrawn()
    {
        var response = await Client.PostAsJsonAsync("/api/recognize/pixels", new { pixels = new int[784] });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("nothing is drawn", json.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{bad json", "not valid JSON")]
    [InlineData("{\"pixels\": [1, 2, 3]}", "784 values")]
    [InlineData("{\"other\": 1}", "'pixels' is missing")]
    public async Task Pixels_BadBody_Returns400WithMessage(string body, string expected)
    {
        var response = await Client.PostAsync("/api/recognize/pixels", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pixels_ValueOutOfRange_Returns400NamingIndex()
    {
        int[] pixels = new int[784];
        pixels[10] = 300;
        var response = await Client.PostAsJsonAsync("/api/recognize/pixels", new { pixels });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("pixels[10]", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pixels_BodyOverTheLimit_Returns413(bool lengthGiven)
    {
        byte[] huge = Encoding.ASCII.GetBytes("{\"pixels\": [" + string.Concat(Enumerable.Repeat("0, ", 3_000_000)) + "0]}");
        HttpContent content = lengthGiven ? new ByteArrayContent(huge) : new StreamContent(new UnknownLengthStream(huge));
        content.Headers.ContentType = new("application/json");
        var response = await Client.PostAsync("/api/recognize/pixels", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit of 8 MB", (await response.Content.ReadAsStringAsync()).Replace("limit is", "limit of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pixels_NotJsonContentType_Returns415WithJsonError()
    {
        var response = await Client.PostAsync("/api/recognize/pixels", new StringContent("hello", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_Page_OpenApi_AndSecurityHeaders()
    {
        var health = await Client.GetFromJsonAsync<JsonElement>("/api/health");
        Assert.Contains(health.GetProperty("status").GetString(), new[] { "loading", "ready" });

        var page = await Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<canvas id=\"pad\"", html);
        Assert.Contains("capture=\"environment\"", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal));
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        var openApi = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/recognize/pixels", out _));

        var missing = await Client.GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no API endpoint", await missing.Content.ReadAsStringAsync());
    }

    // A body whose length the client does not say, so it is sent chunked.
    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
