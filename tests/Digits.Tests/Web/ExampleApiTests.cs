using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Digits.Tests.Web;

/// <summary>Teaching through the API: a correction counts at once for its browser only; bad input, forged cookies and limits are refused.</summary>
[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class ExampleApiTests(MnistFixture mnist, WebAppFixture web) : IClassFixture<WebAppFixture>
{
    // Each browser is a client with its own cookies.
    private HttpClient Browser() => web.Factory.CreateClient();

    private int[] Seven => mnist.Data.Test.Images[0].ToArray().Select(b => (int)b).ToArray();

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<JsonElement> Read(HttpClient client, int[] pixels)
    {
        var response = await client.PostAsJsonAsync("/api/recognize/pixels", new { pixels });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json(response)).GetProperty("digits")[0];
    }

    [Fact]
    public async Task Correction_CountsAtOnce_ForThatBrowserOnly_AndItsNeighboursAreMarked()
    {
        using var mine = Browser();
        using var theirs = Browser();
        JsonElement before = await Read(mine, Seven);
        Assert.Equal(7, before.GetProperty("digit").GetInt32());
        int[] input = before.GetProperty("input").EnumerateArray().Select(v => v.GetInt32()).ToArray();

        // When: this browser says, four times, that its drawing is a 1 (once would do for this very drawing; four fill the vote)
        HttpResponseMessage first = null!;
        for (int i = 0; i < 4; i++)
        {
            var response = await mine.PostAsJsonAsync("/api/examples", new { pixels = input, digit = 1 });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            first = i == 0 ? response : first;
        }

        // Then: the profile cookie is HttpOnly and SameSite; this browser reads 1 with its own examples as neighbours
        string cookie = first.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        JsonElement after = await Read(mine, Seven);
        Assert.Equal(1, after.GetProperty("digit").GetInt32());
        var neighbours = after.GetProperty("neighbors").EnumerateArray().ToArray();
        Assert.All(neighbours, n => Assert.True(n.GetProperty("yours").GetBoolean()));
        string image = neighbours[0].GetProperty("image").GetString()!;
        Assert.StartsWith("/api/examples/", image);
        Assert.Equal("image/png", (await mine.GetAsync(image)).Content.Headers.ContentType!.MediaType);

        var list = await Json(await mine.GetAsync("/api/examples"));
        Assert.Equal(4, list.GetProperty("count").GetInt32());
        long id = list.GetProperty("examples")[0].GetProperty("id").GetInt64();

        // Another browser still reads 7, sees none of them, and can neither see nor delete them
        Assert.Equal(7, (await Read(theirs, Seven)).GetProperty("digit").GetInt32());
        Assert.Equal(0, (await Json(await theirs.GetAsync("/api/examples"))).GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.GetAsync(image)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await theirs.DeleteAsync($"/api/examples/{id}")).StatusCode);
        Assert.Equal(4, (await Json(await mine.GetAsync("/api/examples"))).GetProperty("count").GetInt32());

        // Deleting its own example works
        Assert.Equal(HttpStatusCode.NoContent, (await mine.DeleteAsync($"/api/examples/{id}")).StatusCode);
        Assert.Equal(3, (await Json(await mine.GetAsync("/api/examples"))).GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("{\"digit\": 12, \"pixels\": PIXELS}", "0-9")]
    [InlineData("{\"pixels\": PIXELS}", "'digit'")]
    [InlineData("{\"digit\": 3, \"pixels\": [1, 2, 3]}", "784")]
    [InlineData("{\"digit\": 3, \"pixels\": BLANK}", "blank")]
    [InlineData("{\"digit\": 3, \"pixels\": PIXELS, \"source\": \"telepathy\"}", "source")]
    [InlineData("{\"digit\": 3, \"pixels\": [", "not valid JSON")]
    public async Task BadCorrections_Get400WithTheReason_AndStoreNothing(string body, string reason)
    {
        using var browser = Browser();
        string json = body.Replace("PIXELS", JsonSerializer.Serialize(Seven), StringComparison.Ordinal).Replace("BLANK", JsonSerializer.Serialize(new int[784]), StringComparison.Ordinal);

        var response = await browser.PostAsync("/api/examples", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await Json(response)).GetProperty("error").GetString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task AForgedProfileCookie_IsRefused_ClearedAndStoresNothing()
    {
        using var browser = Browser();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/examples") { Content = JsonContent.Create(new { pixels = Seven, digit = 7 }) };
        request.Headers.Add("Cookie", $"digits_profile={new string('a', 32)}.forgedsignatureforgedsignature00");

        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not issued by this server", (await Json(response)).GetProperty("error").GetString());
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("digits_profile=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PastTheLimits_Get429WithJson_AndRetryAfterForTheRate()
    {
        using var browser = Browser();
        var statuses = new List<(HttpStatusCode Status, string? Error, bool RetryAfter)>();
        for (int i = 0; i < WebAppFixture.CorrectionsPerMinute + 1; i++)
        {
            var response = await browser.PostAsJsonAsync("/api/examples", new { pixels = Seven, digit = i % 10 });
            string? error = response.StatusCode == HttpStatusCode.Created ? null : (await Json(response)).GetProperty("error").GetString();
            statuses.Add((response.StatusCode, error, response.Headers.RetryAfter is not null));
        }

        Assert.Equal(WebAppFixture.MaxExamples, statuses.Count(s => s.Status == HttpStatusCode.Created));
        var full = statuses[WebAppFixture.MaxExamples];
        Assert.Equal(HttpStatusCode.TooManyRequests, full.Status);
        Assert.Contains("most examples", full.Error);
        var rate = statuses[^1];
        Assert.Equal(HttpStatusCode.TooManyRequests, rate.Status);
        Assert.Contains("too many corrections", rate.Error);
        Assert.True(rate.RetryAfter);
        Assert.Equal(WebAppFixture.MaxExamples, (await Json(await browser.GetAsync("/api/examples"))).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task ExportThenImport_MovesTheExamples_AndACorruptFileStoresNothing()
    {
        using var from = Browser();
        using var to = Browser();
        Assert.Equal(HttpStatusCode.Created, (await from.PostAsJsonAsync("/api/examples", new { pixels = Seven, digit = 7 })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await from.PostAsJsonAsync("/api/examples", new { pixels = Seven, digit = 1, source = "photo" })).StatusCode);

        var export = await from.GetAsync("/api/profile/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        byte[] file = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal("DIGITSPF", Encoding.ASCII.GetString(file, 0, 8));

        byte[] corrupt = (byte[])file.Clone();
        corrupt[^40] ^= 0x01;
        var refused = await to.PostAsync("/api/profile/import", new ByteArrayContent(corrupt));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("checksum", (await Json(refused)).GetProperty("error").GetString());
        Assert.Equal(0, (await Json(await to.GetAsync("/api/examples"))).GetProperty("count").GetInt32());

        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "mine.dpf" } };
        var imported = await to.PostAsync("/api/profile/import", form);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var list = await Json(imported);
        Assert.Equal(2, list.GetProperty("count").GetInt32());
        Assert.All(list.GetProperty("examples").EnumerateArray(), e => Assert.Equal("import", e.GetProperty("source").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Browser().GetAsync("/api/profile/export")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_DocumentsTheTeachingEndpoints()
    {
        string document = await web.Client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/examples\"", document);
        Assert.Contains("\"/api/examples/{id}\"", document);
        Assert.Contains("\"/api/profile/export\"", document);
        Assert.Contains("\"/api/profile/import\"", document);
    }
}
