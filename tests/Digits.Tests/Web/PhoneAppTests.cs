using System.Text.Json;
using Digits.Models;
using Digits.Photos;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Digits.Tests.Web;

/// <summary>
/// The installable phone app in Debian's Chromium with a phone's viewport: it opens and reads with no network,
/// marks what the device read, keeps corrections made offline and sends each once, and its on-device steps give the
/// library's answers.
/// </summary>
[Trait("Category", "Browser")]
public sealed class PhoneAppTests(LiveServerFixture server, ITestOutputHelper output) : IClassFixture<LiveServerFixture>
{
    // Opens the app on a phone-sized page and waits until the service worker controls it (its cache is then full).
    private async Task<(IBrowserContext Context, IPage Page)> InstallAsync()
    {
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            HasTouch = true,
            IsMobile = true,
            DeviceScaleFactor = 2,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(server.BaseUrl);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Ready", new() { Timeout = 60_000 });
        // (Polled with evaluate: WaitForFunction evaluates a string, which the page's Content-Security-Policy forbids.)
        for (int wait = 0; !await page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null"); wait++)
        {
            Assert.True(wait < 600, "the service worker did not take control of the page within 60 s");
            await Task.Delay(100);
        }

        return (context, page);
    }

    private static async Task GoOfflineAndReloadAsync(IBrowserContext context, IPage page)
    {
        await context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#mode")).ToContainTextAsync("Offline", new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task Manifest_IsInstallable_AndTheServiceWorkerControlsThePage()
    {
        var (context, page) = await InstallAsync();

        string href = await page.Locator("link[rel=manifest]").GetAttributeAsync("href") ?? "";
        var response = await page.APIRequest.GetAsync(new Uri(new Uri(server.BaseUrl), href).ToString());
        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/manifest+json", response.Headers["content-type"], StringComparison.Ordinal);
        using var manifest = JsonDocument.Parse(await response.TextAsync());
        var root = manifest.RootElement;
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("name").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("short_name").GetString()));
        Assert.Equal("standalone", root.GetProperty("display").GetString());
        Assert.Equal("/", root.GetProperty("start_url").GetString());
        var icons = root.GetProperty("icons").EnumerateArray().ToList();
        foreach (string size in new[] { "192x192", "512x512" })
        {
            var icon = icons.Single(i => i.GetProperty("sizes").GetString() == size && i.GetProperty("type").GetString() == "image/png");
            var image = await page.APIRequest.GetAsync(new Uri(new Uri(server.BaseUrl), icon.GetProperty("src").GetString()).ToString());
            byte[] png = await image.BodyAsync();
            Assert.Equal(200, image.Status);
            Assert.Equal(int.Parse(size.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture), (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]); // IHDR width
        }

        // The service worker is active, controls this page, and keeps every asset in a cache named after the version.
        Assert.Equal("activated", await page.EvaluateAsync<string>("navigator.serviceWorker.controller.state"));
        Assert.EndsWith("/sw.js", await page.EvaluateAsync<string>("navigator.serviceWorker.controller.scriptURL"), StringComparison.Ordinal);
        string[] cached = await page.EvaluateAsync<string[]>("""
            async () => {
              const names = await caches.keys();
              const cache = await caches.open(names.find(n => n.startsWith('digits-')));
              return (await cache.keys()).map(r => new URL(r.url).pathname);
            }
            """);
        Assert.Contains("/device-model.onnx", cached);
        Assert.Contains("/vendor/ort-wasm-simd-threaded.wasm", cached);
        Assert.Contains("/", cached);
        Assert.DoesNotContain(cached, path => path.StartsWith("/api/", StringComparison.Ordinal));
        await context.CloseAsync();
    }

    [Fact]
    public async Task ANewDeviceNetworkOnTheServer_ReplacesTheInstalledAppsCacheWhole()
    {
        // Given: the app installed from a server, which then restarts on the same address with another device network
        using var temp = new TempFolder();
        var newNetwork = AppVersionTests.SmallNetwork();
        Digits.Files.ConvNetFile.Save(newNetwork, temp.File("new-device.nn"));
        Digits.Files.ConvNetFile.Save(PretrainedNetwork.Members[0], temp.File("server.nn")); // a server model that loads in a moment
        string[] settings = [$"--Digits:Model={temp.File("server.nn")}", $"--Digits:Store={temp.File("examples.db")}"];
        var before = Digits.Web.DigitsWebApp.Build(["--urls", "http://127.0.0.1:0", .. settings]);
        await before.StartAsync();
        string url = before.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var context = await server.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Ready", new() { Timeout = 60_000 });
        string[] installed = await CachesWhenControlledAsync(page, _ => true);
        await before.StopAsync();
        await before.DisposeAsync();
        var after = Digits.Web.DigitsWebApp.Build(["--urls", url, .. settings, $"--Digits:DeviceNetwork={temp.File("new-device.nn")}"]);
        await after.StartAsync();
        try
        {
            // When: the page is opened again
            await page.ReloadAsync();

            // Then: one cache remains, a new one, and it holds the new network
            string[] now = await CachesWhenControlledAsync(page, names => names.Length == 1 && names[0] != installed[0]);
            Assert.StartsWith("digits-", now[0], StringComparison.Ordinal);
            int cachedModel = await page.EvaluateAsync<int>("async () => (await (await caches.match('/device-model.onnx')).arrayBuffer()).byteLength");
            Assert.Equal(Digits.Onnx.OnnxExport.ToBytes(newNetwork).Length, cachedModel);
            await context.CloseAsync();
        }
        finally
        {
            await after.StopAsync();
            await after.DisposeAsync();
        }
    }

    // The names of the app's caches once the service worker controls the page and they satisfy `done` (polled: the
    // page's Content-Security-Policy forbids the string evaluation WaitForFunction does).
    private static async Task<string[]> CachesWhenControlledAsync(IPage page, Func<string[], bool> done)
    {
        for (int wait = 0; ; wait++)
        {
            string[] names = await page.EvaluateAsync<string[]>(
                "async () => navigator.serviceWorker.controller ? (await caches.keys()).filter(n => n.startsWith('digits-')) : []");
            if (names.Length > 0 && done(names))
            {
                return names;
            }

            Assert.True(wait < 600, $"the app's caches did not become what was expected within 60 s: [{string.Join(", ", names)}]");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task ServerTooBusy_TheDeviceReadsTheDrawing_AndSaysWhy()
    {
        // Given: the app installed, online, and a server that answers every drawing with 503 (overloaded)
        var (context, page) = await InstallAsync();
        await page.RouteAsync("**/api/recognize/pixels", route => route.FulfillAsync(new() { Status = 503, ContentType = "application/json", Body = "{\"error\":\"busy\"}" }));

        // When: the user draws
        await PadStrokes.DrawAsync(page, [(0.52, 0.15), (0.50, 0.85)]);

        // Then: the device reads it, says why, stays online and offers the server's reading
        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#source")).ToHaveTextAsync("Read on this device");
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("The server is busy");
        await Assertions.Expect(page.Locator("#mode")).ToContainTextAsync("Online");
        await Assertions.Expect(page.Locator("#server-read")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task Offline_AfterOneVisit_ReloadsAndReadsADrawingAndAPhotoOnTheDevice()
    {
        var (context, page) = await InstallAsync();
        await GoOfflineAndReloadAsync(context, page);

        await PadStrokes.DrawAsync(page, [(0.52, 0.15), (0.50, 0.85)]);
        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#source")).ToHaveTextAsync("Read on this device");
        await Assertions.Expect(page.Locator(".bar")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("#server-read")).ToBeHiddenAsync(); // nothing to offer with no server
        await Assertions.Expect(page.Locator(".digit h4")).ToBeHiddenAsync(); // the device has no neighbours to show
        await Assertions.Expect(page.Locator("#examples-summary")).ToContainTextAsync("kept by the server");
        await page.ScreenshotAsync(new() { Path = Path.Combine(LiveServerFixture.ArtifactsFolder, "phone-offline-draw.png"), FullPage = true });

        await page.Locator("#clear").ClickAsync();
        await page.Locator("#upload").SetInputFilesAsync(Path.Combine(TestPaths.PhotosFolder, "4_dFAk0_2.png"));
        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("4", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#source")).ToHaveTextAsync("Read on this device");

        // Back online: the server's full reading is offered for what the device read.
        await context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator("#mode")).ToContainTextAsync("Online", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#server-read")).ToBeVisibleAsync();
        await page.Locator("#server-read").ClickAsync();
        await Assertions.Expect(page.Locator("#source")).ToHaveTextAsync("Read by the server (full model)", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("#server-read")).ToBeHiddenAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task CorrectionMadeOffline_ArrivesOnceWhenOnlineAgain()
    {
        var (context, page) = await InstallAsync();
        await GoOfflineAndReloadAsync(context, page);
        await PadStrokes.DrawAsync(page, [(0.52, 0.15), (0.50, 0.85)]);
        await Assertions.Expect(page.Locator("#source")).ToHaveTextAsync("Read on this device", new() { Timeout = 30_000 });

        await page.Locator(".correct button[data-digit='7']").ClickAsync();
        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("Kept on this device");
        await Assertions.Expect(page.Locator("#mode")).ToContainTextAsync("1 correction(s) wait");

        await context.SetOfflineAsync(false);
        await Assertions.Expect(page.Locator("#mode")).ToContainTextAsync("Online", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#mode")).Not.ToContainTextAsync("wait", new() { Timeout = 15_000 });

        // Coming online again, and sending the same correction again by hand, add nothing.
        await page.EvaluateAsync("window.dispatchEvent(new Event('online'))");
        var examples = await ExamplesAsync(page);
        Assert.Equal(1, examples.GetProperty("count").GetInt32());
        Assert.Equal(7, examples.GetProperty("examples")[0].GetProperty("digit").GetInt32());
        int status = await page.EvaluateAsync<int>("""
            async () => (await fetch('/api/examples', { method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ key: 'k1', digit: 3, pixels: Array.from({ length: 784 }, (_, i) => (i % 28 > 10 && i % 28 < 16 ? 200 : 0)) }) })).status
              + 1000 * (await fetch('/api/examples', { method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ key: 'k1', digit: 3, pixels: Array.from({ length: 784 }, (_, i) => (i % 28 > 10 && i % 28 < 16 ? 200 : 0)) }) })).status
            """);
        Assert.Equal(201 + (1000 * 200), status);
        Assert.Equal(2, (await ExamplesAsync(page)).GetProperty("count").GetInt32());
        await context.CloseAsync();
    }

    [Fact]
    public async Task DrawingNormalizer_InTheBrowser_GivesTheLibrarysBytes()
    {
        var (context, page) = await InstallAsync();
        var random = new Random(11);
        var drawings = new List<(byte[] Pixels, int Width, int Height)>();
        foreach (var (w, h) in new[] { (112, 112), (28, 28), (280, 280), (200, 90), (64, 300), (112, 112), (112, 112), (40, 40) })
        {
            drawings.Add((RandomStrokes(random, w, h), w, h));
        }

        drawings.Add((new byte[112 * 112], 112, 112)); // blank
        var single = new byte[50 * 50];
        single[(20 * 50) + 31] = 255;
        drawings.Add((single, 50, 50)); // one dot: enlarged, not shrunk
        for (int i = 0; i < 60; i++)
        {
            int w = random.Next(28, 400), h = random.Next(28, 400);
            drawings.Add((RandomStrokes(random, w, h), w, h));
        }

        // Real digits as the page sends them: MNIST test digits at 112x112 (each pixel 4x4), grey edges and all.
        var test = Digits.Data.MnistData.Load(TestPaths.MnistFolder).Test.Images;
        for (int i = 0; i < 100; i++)
        {
            byte[] digit = test[i].ToArray(), big = new byte[112 * 112];
            for (int p = 0; p < big.Length; p++)
            {
                big[p] = digit[((p / 112 / 4) * 28) + (p % 112 / 4)];
            }

            drawings.Add((big, 112, 112));
        }

        var browser = await page.EvaluateAsync<JsonElement>(
            """
            async (drawings) => {
              const m = await import('/drawing-normalizer.js');
              return drawings.map(([base64, width, height]) => {
                const r = m.normalizeDrawing(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)), width, height);
                return { input: btoa(String.fromCharCode(...r.input)), box: r.box };
              });
            }
            """,
            drawings.Select(d => new object[] { Convert.ToBase64String(d.Pixels), d.Width, d.Height }).ToArray());
        for (int i = 0; i < drawings.Count; i++)
        {
            var (pixels, width, height) = drawings[i];
            byte[] library = DrawingNormalizer.Normalize(pixels, width, height, out int[] box);
            Assert.Equal(library, Convert.FromBase64String(browser[i].GetProperty("input").GetString()!));
            Assert.Equal(box, browser[i].GetProperty("box").EnumerateArray().Select(v => v.GetInt32()).ToArray());
        }

        await context.CloseAsync();
    }

    [Fact]
    public async Task DeviceNetwork_InTheBrowser_GivesTheLibrarysProbabilities()
    {
        var (context, page) = await InstallAsync();
        var random = new Random(12);
        var inputs = Enumerable.Range(0, 40).Select(_ => DrawingNormalizer.Normalize(RandomStrokes(random, 112, 112), 112, 112, out int[] _)).ToArray();
        var browser = await page.EvaluateAsync<double[][]>(
            "async (inputs) => { const m = await import('/device-reader.js'); return await m.classify(inputs.map(i => Uint8Array.from(i))); }",
            inputs.Select(i => i.Select(p => (int)p).ToArray()).ToArray());
        for (int i = 0; i < inputs.Length; i++)
        {
            var library = PretrainedNetwork.Device.Classify(inputs[i]);
            Assert.Equal(library.Digit, Array.IndexOf(browser[i], browser[i].Max()));
            Assert.All(Enumerable.Range(0, 10), d => Assert.Equal(library.Probabilities[d], browser[i][d], 1e-4));
        }

        await context.CloseAsync();
    }

    [Fact]
    public async Task DevicePhotoReading_ReadsMostRealPhotosOfOneDigitOrOneNumber()
    {
        var (context, page) = await InstallAsync();
        bool IsPhoto(string f) => char.IsAsciiDigit(Path.GetFileName(f)[0]) && !f.EndsWith(".md", StringComparison.Ordinal);
        var digits = Directory.GetFiles(TestPaths.PhotosFolder).Where(IsPhoto).Order(StringComparer.Ordinal).ToList();
        var numbers = Directory.GetFiles(Path.Combine(TestPaths.PhotosFolder, "numbers")).Where(IsPhoto).Order(StringComparer.Ordinal).ToList();

        var (digitsRight, digitsWrong) = await ReadOnDeviceAsync(page, digits);
        var (numbersRight, numbersWrong) = await ReadOnDeviceAsync(page, numbers);

        output.WriteLine($"one digit, read right on the device: {digitsRight} of {digits.Count}; wrong: {string.Join(", ", digitsWrong)}");
        output.WriteLine($"numbers, read right on the device: {numbersRight} of {numbers.Count}; wrong: {string.Join(", ", numbersWrong)}");
        Assert.True(digitsRight >= 0.85 * digits.Count, $"the device read {digitsRight} of {digits.Count} photos right; wrong: {string.Join(", ", digitsWrong)}");
        Assert.True(numbersRight >= numbers.Count - 1, $"the device read {numbersRight} of {numbers.Count} numbers right; wrong: {string.Join(", ", numbersWrong)}");
        await context.CloseAsync();
    }

    // Reads each photo with the page's photo core and device network; right when all its digits match the file
    // name's digits before the first '_'.
    private static async Task<(int Right, List<string> Wrong)> ReadOnDeviceAsync(IPage page, List<string> photos)
    {
        int right = 0;
        var wrong = new List<string>();
        foreach (string photo in photos)
        {
            string text = await page.EvaluateAsync<string>(
                """
                async ([base64, type]) => {
                  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                  const device = await import('/device-reader.js');
                  const read = await device.readPhoto(new Blob([bytes], { type }));
                  return read.digits.map(d => d.probabilities.indexOf(Math.max(...d.probabilities))).join('');
                }
                """,
                new object[] { Convert.ToBase64String(await File.ReadAllBytesAsync(photo)), photo.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg" });
            string name = Path.GetFileName(photo);
            string truth = name.Length > 1 && char.IsAsciiDigit(name[1]) ? name.Split('_')[0] : name[..1];
            if (text == truth)
            {
                right++;
            }
            else
            {
                wrong.Add($"{name}: '{text}'");
            }
        }

        return (right, wrong);
    }

    private static async Task<JsonElement> ExamplesAsync(IPage page)
        => await page.EvaluateAsync<JsonElement>("async () => (await fetch('/api/examples')).json()");

    // Random thick strokes, anti-aliased as a canvas draws them: grey edges, white cores, 0 elsewhere.
    internal static byte[] RandomStrokes(Random random, int width, int height)
    {
        byte[] pixels = new byte[width * height];
        double thickness = Math.Max(1.5, Math.Min(width, height) * (0.03 + (random.NextDouble() * 0.08)));
        int strokes = random.Next(1, 4);
        for (int s = 0; s < strokes; s++)
        {
            double x0 = random.NextDouble() * width, y0 = random.NextDouble() * height;
            double x1 = random.NextDouble() * width, y1 = random.NextDouble() * height;
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    double dx = x1 - x0, dy = y1 - y0, t = Math.Clamp((((x - x0) * dx) + ((y - y0) * dy)) / Math.Max(1e-9, (dx * dx) + (dy * dy)), 0, 1);
                    double distance = Math.Sqrt(Math.Pow(x - (x0 + (t * dx)), 2) + Math.Pow(y - (y0 + (t * dy)), 2));
                    double ink = Math.Clamp((thickness / 2) + 0.5 - distance, 0, 1);
                    pixels[(y * width) + x] = Math.Max(pixels[(y * width) + x], (byte)(ink * 255));
                }
            }
        }

        return pixels;
    }
}
