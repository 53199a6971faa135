using Microsoft.Playwright;

namespace Digits.Tests.Web;

/// <summary>End-to-end: the page in a real (headless) Chromium, as a person would use it.</summary>
[Trait("Category", "Browser")]
public sealed class BrowserTests(LiveServerFixture server) : IClassFixture<LiveServerFixture>
{
    // What the pages of this test wrote to their console, for the failure messages.
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    private async Task<IPage> OpenAsync(int width, int height, bool touch = false)
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            HasTouch = touch,
            IsMobile = touch,
            DeviceScaleFactor = touch ? 2 : 1,
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => _console.Enqueue($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => _console.Enqueue($"page error: {error}");
        await page.GotoAsync(server.BaseUrl);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Ready", new() { Timeout = 60_000 });
        return page;
    }

    [Fact]
    public async Task Draw_One_PageShowsOneWithBarsInputAndNeighbours()
    {
        var page = await OpenAsync(1280, 900);
        await PadStrokes.DrawAsync(page, [(0.52, 0.15), (0.50, 0.85)]);

        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(".bar")).ToHaveCountAsync(10);
        Assert.True(await page.Locator(".neighbors img").CountAsync() >= 1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(LiveServerFixture.ArtifactsFolder, "desktop-draw-1.png"), FullPage = true });
    }

    [Fact]
    public async Task Draw_Seven_ThenClear_ResetsAnswer()
    {
        var page = await OpenAsync(1280, 900);
        await PadStrokes.DrawAsync(page, [(0.25, 0.2), (0.75, 0.2), (0.45, 0.85)]);
        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("7", new() { Timeout = 15_000 });

        await page.Locator("#clear").ClickAsync();
        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("—");
    }

    [Fact]
    public async Task PhoneViewport_NoHorizontalScroll_LargeTouchTargets()
    {
        var page = await OpenAsync(390, 844, touch: true);
        await PadStrokes.DrawAsync(page, [(0.5, 0.15), (0.5, 0.85)]);
        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("1", new() { Timeout = 15_000 });

        int scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        int innerWidth = await page.EvaluateAsync<int>("window.innerWidth");
        Assert.True(scrollWidth <= innerWidth, $"page is {scrollWidth}px wide in a {innerWidth}px viewport");
        var clear = (await page.Locator("#clear").BoundingBoxAsync())!;
        Assert.True(clear.Height >= 44, $"the Clear button is {clear.Height}px tall");
        await page.ScreenshotAsync(new() { Path = Path.Combine(LiveServerFixture.ArtifactsFolder, "phone-draw-1.png"), FullPage = true });
    }

    [Fact]
    public async Task CorrectAMisreadDrawing_ItIsReadAgainAsCorrected_AndListedAsTheUsers()
    {
        // Given: a continental 1 (with its long flag), read as whatever the models make of it
        var page = await OpenAsync(390, 844, touch: true);
        (double, double)[][] flaggedOne = [[(0.30, 0.38), (0.55, 0.14), (0.55, 0.86)]];
        await PadStrokes.DrawAsync(page, flaggedOne);
        await Assertions.Expect(page.Locator("#answer")).Not.ToHaveTextAsync("—", new() { Timeout = 15_000 });
        await AssertReadByServerAsync(page);
        string read = (await page.Locator("#answer").TextContentAsync())!.Trim();
        string really = read == "1" ? "7" : "1"; // whichever it read, the user says it is the other

        // When: the user presses "It is ..." under the digit
        await page.Locator($".correct button[data-digit='{really}']").First.ClickAsync();

        // Then: the same drawing is read again as corrected, with the user's example among the neighbours and in the list
        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync(really, new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync($"Taught: that was a {really}");
        await Assertions.Expect(page.Locator(".neighbors li.yours")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#examples li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#examples li").First).ToContainTextAsync($"{really} · drawing");
        var correction = (await page.Locator(".correct button").First.BoundingBoxAsync())!;
        Assert.True(correction.Height >= 44, $"the correction buttons are {correction.Height}px tall");
        await page.ScreenshotAsync(new() { Path = Path.Combine(LiveServerFixture.ArtifactsFolder, "phone-teach.png"), FullPage = true });

        // Another browser has no examples: none of the user's examples is among its neighbours. (Its answer is not
        // compared with the first read: this drawing is on the edge between 1, 7 and "too uncertain", and pointer
        // events coalesce differently when the machine is busy, so the strokes differ by a pixel or two.)
        var other = await OpenAsync(390, 844, touch: true);
        await PadStrokes.DrawAsync(other, flaggedOne);
        await Assertions.Expect(other.Locator("#answer")).Not.ToHaveTextAsync("—", new() { Timeout = 15_000 });
        await AssertReadByServerAsync(other);
        await Assertions.Expect(other.Locator(".neighbors li")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(other.Locator(".neighbors li.yours")).ToHaveCountAsync(0);
        await Assertions.Expect(other.Locator("#examples li")).ToHaveCountAsync(0);

        // Deleting the example empties the list
        await page.Locator("#examples li button").ClickAsync();
        await Assertions.Expect(page.Locator("#examples li")).ToHaveCountAsync(0);
    }

    // The server, not the network on the device, read what the page shows (the page is online).
    private async Task AssertReadByServerAsync(IPage page)
    {
        string source = (await page.Locator("#source").TextContentAsync()) ?? "";
        Assert.True(source.Contains("server", StringComparison.Ordinal), $"the page shows \"{source}\", not the server's reading; console:\n{string.Join('\n', _console)}");
    }

    [Fact]
    public async Task Keyboard_EscapeOnCanvasClears()
    {
        var page = await OpenAsync(1280, 900);
        await PadStrokes.DrawAsync(page, [(0.5, 0.15), (0.5, 0.85)]);
        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await page.Locator("#pad").FocusAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("—");
    }

    [Fact]
    public async Task UploadPhoto_NumberOnPaper_PageShowsDigitsBoxesAndStages()
    {
        var page = await OpenAsync(1280, 900);
        await page.Locator("#upload").SetInputFilesAsync(Path.Combine(TestPaths.PhotosFolder, "numbers", "2026_dFAk0_1.png"));

        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("2026", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#boxes .box")).ToHaveCountAsync(4);
        Assert.True(await page.Locator("#stages img").CountAsync() >= 3);
        await Assertions.Expect(page.Locator("#photo-caption")).ToContainTextAsync("read \"2026\"");
        await page.ScreenshotAsync(new() { Path = Path.Combine(LiveServerFixture.ArtifactsFolder, "desktop-photo-2026.png"), FullPage = true });
    }

    [Fact]
    public async Task UploadPhoto_PhoneSizedScreen_ReadsPhonePhotoOfOneDigit()
    {
        var page = await OpenAsync(390, 844, touch: true);
        await page.Locator("#upload").SetInputFilesAsync(Path.Combine(TestPaths.PhotosFolder, "7_calex257_1.jpg"));

        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("7", new() { Timeout = 20_000 });
        int scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        int innerWidth = await page.EvaluateAsync<int>("window.innerWidth");
        Assert.True(scrollWidth <= innerWidth, $"page is {scrollWidth}px wide in a {innerWidth}px viewport");
        await page.ScreenshotAsync(new() { Path = Path.Combine(LiveServerFixture.ArtifactsFolder, "phone-photo-7.png"), FullPage = true });
    }

    [Fact]
    public async Task UploadTextFile_PageShowsTheServersError()
    {
        var page = await OpenAsync(1280, 900);
        await page.Locator("#upload").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "not a picture"u8.ToArray() });
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("not an image", new() { Timeout = 20_000 });
    }
}
