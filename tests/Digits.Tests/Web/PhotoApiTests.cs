using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Digits.Tests.Web;

/// <summary><c>POST /api/recognize</c>: real photos in, digits out; every kind of bad upload gets a JSON error.</summary>
[Trait("Category", "Mnist")]
public sealed class PhotoApiTests(WebAppFixture web) : IClassFixture<WebAppFixture>
{
    private HttpClient Client => web.Client;

    private static string Photo(string name) => Path.Combine(TestPaths.PhotosFolder, name);

    private static MultipartFormDataContent Form(byte[] bytes, string name, string type)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { file, "image", name } };
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Theory]
    [InlineData("7_calex257_1.jpg", "image/jpeg")]
    [InlineData("3_dFAk0_1.png", "image/png")]
    public async Task Recognize_MultipartPhoto_ReadsTheDigitWithBoxAndNeighbours(string name, string type)
    {
        var response = await Client.PostAsync("/api/recognize", Form(await File.ReadAllBytesAsync(Photo(name)), name, type));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = await Json(response);
        Assert.Equal(name[..1], root.GetProperty("text").GetString());
        var digit = root.GetProperty("digits")[0];
        Assert.Equal(4, digit.GetProperty("box").GetArrayLength());
        Assert.True(digit.GetProperty("confidence").GetDouble() >= 0.5);
        Assert.True(digit.GetProperty("neighbors").GetArrayLength() >= 1);
        Assert.Equal(0, root.GetProperty("stages").GetArrayLength()); // only on request
        Assert.True(root.GetProperty("timings").GetProperty("total").GetDouble() > 0);
    }

    [Fact]
    public async Task Recognize_RawBodyNumberWithStages_ReadsLeftToRightAndReturnsStages()
    {
        var body = new ByteArrayContent(await File.ReadAllBytesAsync(Photo(Path.Combine("numbers", "2026_dFAk0_1.png"))));
        body.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var response = await Client.PostAsync("/api/recognize?stages=true", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = await Json(response);
        Assert.Equal("2026", root.GetProperty("text").GetString());
        var xs = root.GetProperty("digits").EnumerateArray().Select(d => d.GetProperty("box")[0].GetInt32()).ToArray();
        Assert.Equal(xs.Order(), xs);
        var stages = root.GetProperty("stages").EnumerateArray().ToArray();
        Assert.Contains(stages, s => s.GetProperty("name").GetString() == "boxes");
        Assert.All(stages, s => Assert.StartsWith("data:image/png;base64,", s.GetProperty("png").GetString()));
    }

    [Fact]
    public async Task Recognize_PdfScanOfTwoPages_ReadsBoth_EachLineSayingItsPage()
    {
        using var first = OpenCvSharp.Cv2.ImRead(Photo(Path.Combine("numbers", "6666_dFAk0_1.png")));
        using var second = OpenCvSharp.Cv2.ImRead(Photo(Path.Combine("numbers", "2026_dFAk0_1.png")));
        byte[] pdf = Digits.Fuzz.ScannedPdf.Of((first, true), (second, false));
        var response = await Client.PostAsync("/api/recognize", Form(pdf, "scan.pdf", "application/pdf"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = await Json(response);
        Assert.Equal("6666\n2026", root.GetProperty("text").GetString());
        Assert.Equal(2, root.GetProperty("pages").GetInt32());
        Assert.Equal([1, 2], root.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("page").GetInt32()));
        Assert.Equal(8, root.GetProperty("digits").GetArrayLength());
        var places = root.GetProperty("lines")[1].GetProperty("numbers")[0].GetProperty("digits").EnumerateArray().Select(d => d.GetProperty("index").GetInt32());
        Assert.Equal([4, 5, 6, 7], places); // the second page's digits follow the first's
    }

    [Fact]
    public async Task Recognize_Heic_IsRead()
    {
        byte[] heic = await File.ReadAllBytesAsync(Path.Combine(TestPaths.RepositoryRoot, "tests", "Digits.Tests", "Photos", "Formats", "47.heic"));
        var response = await Client.PostAsync("/api/recognize", Form(heic, "IMG_0001.HEIC", "image/heic"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("47", (await Json(response)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Recognize_TextFile_Gets415WithJsonError()
    {
        var response = await Client.PostAsync("/api/recognize", Form(Encoding.UTF8.GetBytes("hello, not a picture"), "notes.txt", "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("not an image", (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Recognize_TruncatedJpeg_Gets400SayingTruncated()
    {
        byte[] jpeg = await File.ReadAllBytesAsync(Photo("7_calex257_1.jpg"));
        var response = await Client.PostAsync("/api/recognize", Form(jpeg[..(jpeg.Length / 2)], "half.jpg", "image/jpeg"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("truncated", (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Recognize_EmptyUpload_Gets400()
    {
        var response = await Client.PostAsync("/api/recognize", Form([], "empty.png", "image/png"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("empty", (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Recognize_FormWithoutFile_Gets400()
    {
        var form = new MultipartFormDataContent { { new StringContent("7"), "digit" } };
        var response = await Client.PostAsync("/api/recognize", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expected an image", (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Recognize_UploadOver10MB_Gets413()
    {
        var response = await Client.PostAsync("/api/recognize", Form(new byte[(10 * 1024 * 1024) + 1], "big.png", "image/png"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit is 10 MB", (await Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Recognize_HugePngHeader_IsRefusedBeforeDecoding()
    {
        // A PNG header that claims 50,000 x 50,000 pixels, with no image data behind it.
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0xC3, 0x50, 0, 0, 0xC3, 0x50, 8, 0, 0, 0, 0, 0, 0, 0, 0];
        var response = await Client.PostAsync("/api/recognize", Form(png, "huge.png", "image/png"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("megapixels", (await Json(response)).GetProperty("error").GetString());
    }
}
