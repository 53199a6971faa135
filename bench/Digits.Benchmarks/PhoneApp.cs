using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Digits.Data;
using Digits.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Digits.Benchmarks;

/// <summary>
/// The phone app's size and speed, as the issue asks them: the bytes a first and a repeat visit download, and the time
/// the device takes per drawing with the CPU throttled 4x through the DevTools protocol (a mid-range phone's stand-in):
///   dotnet run -c Release --project bench/Digits.Benchmarks -- phone-app [--drawings 200] [--throttle 4] [--photos DIR]
/// Bytes are counted on the wire by a proxy between Chromium and the server, so the service worker's downloads count
/// too. Each drawing is an MNIST test digit scaled 4x to the 112x112 the page sends, read in the page by the same
/// normaliser and network as an offline drawing; each photo (default DIGITS_PHOTOS, else ../shared/photos) is decoded
/// and read by the page's photo core and network. Needs Debian's Chromium and MNIST (found as by every command).
/// </summary>
internal static class PhoneApp
{
    private const int Side = 112;

    public static async Task Run(int drawings, double throttle, string? photoFolder)
    {
        string store = Path.Combine(Path.GetTempPath(), $"digits-phone-bench-{Guid.NewGuid():N}.db");
        WebApplication app = DigitsWebApp.Build(["--urls", "http://127.0.0.1:0", $"--Digits:Store={store}"]);
        await app.StartAsync();
        try
        {
            var server = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var proxy = new CountingProxy(server.Port);
            string url = $"http://127.0.0.1:{proxy.Port}/";

            using IPlaywright playwright = await Playwright.CreateAsync();
            await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
            });
            Console.WriteLine($"{browser.BrowserType.Name} {browser.Version}; {Environment.ProcessorCount} cores; {Environment.OSVersion}");
            await using IBrowserContext context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true });

            // First visit: a new profile opens the page and waits until the app is installed for offline use.
            IPage first = await context.NewPageAsync();
            await first.GotoAsync(url);
            await WaitUntilInstalled(first);
            long firstVisit = await proxy.QuietBytes();
            string acceptEncoding = proxy.LastAcceptEncoding;
            string[] cached = await first.EvaluateAsync<string[]>(
                "(async () => { const c = await caches.open((await caches.keys()).find(k => k.startsWith('digits-'))); return (await c.keys()).map(r => new URL(r.url).pathname); })()");
            Console.WriteLine($"Chromium asks for: Accept-Encoding: {acceptEncoding}");
            var sizes = await AssetSizes(server, cached, acceptEncoding);
            string[] pageItself = ["/", "/app.css", "/app.js", "/manifest.webmanifest"];
            long page = sizes.Where(s => pageItself.Contains(s.Route)).Sum(s => s.Sent);

            // Repeat visit: the same profile opens the page again; the service worker answers from its cache.
            await first.CloseAsync();
            proxy.Reset();
            IPage repeat = await context.NewPageAsync();
            await repeat.GotoAsync(url);
            await Assertions.Expect(repeat.Locator("#status")).ToContainTextAsync("Ready", new() { Timeout = 120_000 });
            long repeatVisit = await proxy.QuietBytes();

            Console.WriteLine();
            Console.WriteLine("| what the app caches for offline use | raw bytes | bytes sent |");
            Console.WriteLine("| --- | ---: | ---: |");
            foreach (var (route, raw, sent, encoding) in sizes.OrderByDescending(s => s.Sent))
            {
                Console.WriteLine($"| `{route}` | {raw:N0} | {sent:N0} ({encoding}) |");
            }

            Console.WriteLine();
            Console.WriteLine($"- first visit, on the wire (the page, and everything the app caches for offline use): {firstVisit:N0} bytes = {firstVisit / 1e6:F2} MB");
            Console.WriteLine($"- of which the page itself (/, app.css, app.js, manifest): {page:N0} bytes; beyond the page: {(firstVisit - page) / 1e6:F2} MB (target < 3 MB)");
            long once = sizes.Sum(s => s.Sent);
            Console.WriteLine($"- every cached file once, as sent: {once:N0} bytes; the first visit is {firstVisit / (double)once:F2}x that{(firstVisit > 1.1 * once ? " (more than 1.1x: something was downloaded twice)" : "")}");
            Console.WriteLine($"- repeat visit, on the wire (served by the service worker; only the API calls go out): {repeatVisit:N0} bytes");

            // Speed: MNIST test digits as drawings, read on the device, without and with the CPU throttled.
            MnistData data = new MnistLocator().Load();
            int[][] inputs = Drawings(data, drawings);
            foreach (double rate in new[] { 1.0, throttle })
            {
                var (times, digits) = await ReadOnDevice(context, repeat, inputs, rate);
                int right = digits.Where((d, i) => d == data.Test.Labels[i]).Count();
                double[] sorted = [.. times.Order()];
                Console.WriteLine($"- on-device time per drawing, CPU throttled {rate:0.#}x: median {Quantile(sorted, 0.5):F1} ms, p90 {Quantile(sorted, 0.9):F1} ms, max {sorted[^1]:F1} ms over {times.Length} drawings (normalise + network; {right}/{digits.Length} read right)");
            }

            // Photos of one digit, as a camera or a file gives them, read on the device (decode, paper, threshold,
            // components, normalise, network).
            if (photoFolder is not null && Directory.Exists(photoFolder))
            {
                string[] photos = [.. Directory.GetFiles(photoFolder).Where(f => char.IsAsciiDigit(Path.GetFileName(f)[0]) && (f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal)];
                foreach (double rate in new[] { 1.0, throttle })
                {
                    var (times, texts) = await ReadPhotosOnDevice(context, repeat, photos, rate);
                    int right = texts.Where((text, i) => text == Path.GetFileName(photos[i])[..1]).Count();
                    double[] sorted = [.. times.Order()];
                    Console.WriteLine($"- on-device time per photo of one digit, CPU throttled {rate:0.#}x: median {Quantile(sorted, 0.5):F0} ms, p90 {Quantile(sorted, 0.9):F0} ms, max {sorted[^1]:F0} ms over {photos.Length} photos in {photoFolder} ({right} read right)");
                }
            }
            else
            {
                Console.WriteLine("- photos: no folder (--photos DIR, DIGITS_PHOTOS or ../shared/photos); skipped");
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            foreach (string file in new[] { store, store + "-wal", store + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    // The app is installed when the service worker controls the page (its cache then holds every route) and the
    // device network has been loaded (the page does that itself once controlled, ahead of the first offline drawing).
    private static async Task WaitUntilInstalled(IPage page)
    {
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Ready", new() { Timeout = 180_000 });
        await page.EvaluateAsync("navigator.serviceWorker.ready");
        while (!await page.EvaluateAsync<bool>("navigator.serviceWorker.controller !== null"))
        {
            await Task.Delay(100);
        }

        await page.EvaluateAsync("import('/device-reader.js').then(m => m.loadDeviceNetwork())");
    }

    private static async Task<(double[] Times, int[] Digits)> ReadOnDevice(IBrowserContext context, IPage page, int[][] inputs, double rate)
    {
        ICDPSession devtools = await context.NewCDPSessionAsync(page);
        await devtools.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = rate });
        try
        {
            var result = await page.EvaluateAsync<JsonElement>(
                """
                async (drawings) => {
                  const { readDrawing } = await import('/device-reader.js');
                  for (const d of drawings.slice(0, 5)) await readDrawing(d, 112, 112); // warm-up
                  const times = [], digits = [];
                  for (const d of drawings) {
                    const started = performance.now();
                    const [{ probabilities: p }] = (await readDrawing(d, 112, 112)).digits;
                    times.push(performance.now() - started);
                    digits.push(p.indexOf(Math.max(...p)));
                  }
                  return { times, digits };
                }
                """,
                inputs);
            return ([.. result.GetProperty("times").EnumerateArray().Select(t => t.GetDouble())], [.. result.GetProperty("digits").EnumerateArray().Select(d => d.GetInt32())]);
        }
        finally
        {
            await devtools.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = 1 });
            await devtools.DetachAsync();
        }
    }

    private static async Task<(double[] Times, string[] Texts)> ReadPhotosOnDevice(IBrowserContext context, IPage page, string[] photos, double rate)
    {
        ICDPSession devtools = await context.NewCDPSessionAsync(page);
        await devtools.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = rate });
        try
        {
            var times = new double[photos.Length];
            var texts = new string[photos.Length];
            for (int i = 0; i < photos.Length; i++)
            {
                var result = await page.EvaluateAsync<JsonElement>(
                    """
                    async ([base64, type]) => {
                      const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                      const device = await import('/device-reader.js');
                      const file = new Blob([bytes], { type });
                      const started = performance.now();
                      const read = await device.readPhoto(file);
                      const ms = performance.now() - started;
                      return { ms, text: read.digits.map(d => d.probabilities.indexOf(Math.max(...d.probabilities))).join('') };
                    }
                    """,
                    new object[] { Convert.ToBase64String(await File.ReadAllBytesAsync(photos[i])), photos[i].EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? "image/png" : "image/jpeg" });
                times[i] = result.GetProperty("ms").GetDouble();
                texts[i] = result.GetProperty("text").GetString() ?? "";
            }

            return (times, texts);
        }
        finally
        {
            await devtools.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = 1 });
            await devtools.DetachAsync();
        }
    }

    // The first MNIST test digits, each pixel repeated 4x4: the 112x112 grey image the page sends for a drawing.
    private static int[][] Drawings(MnistData data, int count)
    {
        return [.. Enumerable.Range(0, Math.Min(count, data.Test.Count)).Select(i =>
        {
            ReadOnlySpan<byte> digit = data.Test.Images[i];
            var pixels = new int[Side * Side];
            for (int y = 0; y < Side; y++)
            {
                for (int x = 0; x < Side; x++)
                {
                    pixels[(y * Side) + x] = digit[((y / 4) * 28) + (x / 4)];
                }
            }

            return pixels;
        })];
    }

    // What the server sends for each cached route to a browser that accepts these encodings, and its raw size.
    private static async Task<List<(string Route, long Raw, long Sent, string Encoding)>> AssetSizes(Uri server, string[] routes, string acceptEncoding)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = server };
        var sizes = new List<(string, long, long, string)>();
        foreach (string route in routes.Distinct())
        {
            using var compressed = new HttpRequestMessage(HttpMethod.Get, route);
            compressed.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
            using HttpResponseMessage sent = await client.SendAsync(compressed);
            byte[] sentBytes = await sent.Content.ReadAsByteArrayAsync();
            byte[] raw = await client.GetByteArrayAsync(route);
            sizes.Add((route, raw.Length, sentBytes.Length, sent.Content.Headers.ContentEncoding.FirstOrDefault() ?? "identity"));
        }

        return sizes;
    }

    private static double Quantile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];

    /// <summary>
    /// A TCP relay between the browser and the server that counts the bytes the server sends (headers and bodies, as
    /// on the wire), so that downloads made by the service worker count as well as the page's.
    /// </summary>
    private sealed class CountingProxy : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly int _serverPort;
        private long _downloaded;
        private long _lastChange = Stopwatch.GetTimestamp();

        public CountingProxy(int serverPort)
        {
            _serverPort = serverPort;
            _listener.Start();
            _ = Task.Run(Accept);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public string LastAcceptEncoding { get; private set; } = "";

        public void Reset() => Interlocked.Exchange(ref _downloaded, 0);

        // The bytes downloaded once nothing but the page's health polls (a few hundred bytes a second) moves: waits
        // until no response of more than 2 kB has come for 3 s.
        public async Task<long> QuietBytes()
        {
            while (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastChange)) < TimeSpan.FromSeconds(3))
            {
                await Task.Delay(200);
            }

            return Interlocked.Read(ref _downloaded);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task Accept()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient browser;
                try
                {
                    browser = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                _ = Task.Run(() => Relay(browser));
            }
        }

        private async Task Relay(TcpClient browser)
        {
            using (browser)
            using (var server = new TcpClient())
            {
                try
                {
                    await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
                    NetworkStream down = server.GetStream(), up = browser.GetStream();
                    await Task.WhenAny(Copy(up, down, counts: false), Copy(down, up, counts: true));
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // The browser or the server closed the connection.
                }
            }
        }

        private async Task Copy(Stream from, Stream to, bool counts)
        {
            byte[] buffer = new byte[81920];
            long sinceMark = 0;
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (counts)
                {
                    Interlocked.Add(ref _downloaded, read);
                    sinceMark += read;
                    if (sinceMark > 2048)
                    {
                        Interlocked.Exchange(ref _lastChange, Stopwatch.GetTimestamp());
                        sinceMark = 0;
                    }
                }
                else
                {
                    string request = System.Text.Encoding.ASCII.GetString(buffer, 0, read);
                    int at = request.IndexOf("accept-encoding:", StringComparison.OrdinalIgnoreCase);
                    if (at >= 0)
                    {
                        int end = request.IndexOf('\r', at);
                        LastAcceptEncoding = request[(at + "accept-encoding:".Length)..(end < 0 ? request.Length : end)].Trim();
                    }
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
    }
}
