using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Digits.Web;
using Digits.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Digits.Tests.Web;

/// <summary>
/// The server's limits against slow clients and more work than it can do (issue: fuzzed, soaked and
/// overload-safe), on the real Kestrel server on a loopback port, serving the shipped network (quick to load).
/// </summary>
[Trait("Category", "Fast")]
public sealed class OverloadTests
{
    private static readonly int[] Blank = new int[784];

    [Fact]
    public async Task RecognitionBeyondItsConcurrencyAndQueue_IsRefusedAtOnceWith503AndRetryAfter()
    {
        // Given: one drawing read at a time and one waiting, both places taken
        await using var server = await Server.Start("--Digits:Limits:PixelConcurrency=1", "--Digits:Limits:PixelQueue=1", "--Digits:Limits:PixelQueueWaitMs=60000", "--Digits:Limits:RetryAfterSeconds=3");
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var gate = server.Services.GetRequiredService<RecognitionGate>();
        RateLimitLease reading = gate.Pixels.AttemptAcquire();
        Assert.True(reading.IsAcquired);
        Task<HttpResponseMessage> waiting = client.PostAsJsonAsync("/api/recognize/pixels", new { pixels = Blank });
        for (int i = 0; i < 100 && gate.Pixels.GetStatistics()!.CurrentQueuedCount == 0; i++)
        {
            await Task.Delay(20);
        }

        // When: another drawing arrives
        HttpResponseMessage refused = await client.PostAsJsonAsync("/api/recognize/pixels", new { pixels = Blank });

        // Then: it is refused at once with 503, Retry-After and a JSON reason; the waiting one is read once there is room
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("3", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("try again", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(waiting.IsCompleted);
        reading.Dispose();
        Assert.Equal(HttpStatusCode.OK, (await waiting).StatusCode);
    }

    [Fact]
    public async Task ADrawingThatWaitsInTheQueueOverItsTime_IsRefusedWith503()
    {
        // Given: one drawing read at a time, that place taken, and a queue wait of at most 200 ms
        await using var server = await Server.Start("--Digits:Limits:PixelConcurrency=1", "--Digits:Limits:PixelQueue=8", "--Digits:Limits:PixelQueueWaitMs=200");
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var gate = server.Services.GetRequiredService<RecognitionGate>();
        using RateLimitLease reading = gate.Pixels.AttemptAcquire();
        Assert.True(reading.IsAcquired);

        // When: a drawing arrives and the place stays taken
        var clock = System.Diagnostics.Stopwatch.StartNew();
        HttpResponseMessage refused = await client.PostAsJsonAsync("/api/recognize/pixels", new { pixels = Blank });

        // Then: it is refused with 503 and Retry-After once its wait is over, not held until a place frees
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.InRange(clock.ElapsedMilliseconds, 150, 10_000);
        Assert.Equal(0, gate.Pixels.GetStatistics()!.CurrentQueuedCount);
    }

    [Fact]
    public async Task ABadUploadWhileEveryPhotoPlaceIsTaken_GetsItsOwn4xx_Not503()
    {
        // Given: one photo read at a time, no queue, and that place taken
        await using var server = await Server.Start("--Digits:Limits:PhotoConcurrency=1", "--Digits:Limits:PhotoQueue=0");
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var gate = server.Services.GetRequiredService<RecognitionGate>();
        using RateLimitLease reading = gate.Photos.AttemptAcquire();
        Assert.True(reading.IsAcquired);

        // When: a text file, a PNG header claiming 100,000 x 100,000 pixels and a JPEG cut short are uploaded
        HttpResponseMessage text = await client.PostAsync("/api/recognize", new ByteArrayContent("not a picture at all"u8.ToArray()));
        HttpResponseMessage huge = await client.PostAsync("/api/recognize", new ByteArrayContent(PngHeader(100_000, 100_000)));
        HttpResponseMessage cut = await client.PostAsync("/api/recognize", new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, .. "JFIF"u8, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));

        // Then: each is told what is wrong with it at once; only a good photo would have to wait for a place
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, cut.StatusCode);
    }

    [Fact]
    public async Task AClientSendingItsBodySlowly_TakesNoPlaceInRecognition()
    {
        // Given: one drawing read at a time, no queue, and a client whose body has not arrived
        await using var server = await Server.Start("--Digits:Limits:PixelConcurrency=1", "--Digits:Limits:PixelQueue=0");
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        var release = new TaskCompletionSource();
        Task<HttpResponseMessage> slow = client.PostAsync("/api/recognize/pixels", new HeldBody(release.Task, Blank));
        await Task.Delay(300);

        // When: a whole drawing arrives meanwhile
        HttpResponseMessage quick = await client.PostAsJsonAsync("/api/recognize/pixels", new { pixels = Blank });

        // Then: it is read; so is the slow one once its body is complete
        Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
        release.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await slow).StatusCode);
    }

    [Fact]
    public async Task AClientThatNeverFinishesItsHeaders_IsDisconnected()
    {
        // Given: a client that sends part of its headers, then nothing (slowloris)
        await using var server = await Server.Start("--Digits:Limits:HeadersTimeoutSeconds=1");
        using var socket = await Connect(server);
        await socket.SendAsync("POST /api/recognize/pixels HTTP/1.1\r\nHost: localhost\r\n"u8.ToArray());

        // Then: the server answers 408 or closes the connection (after about a second; 30 s allowed, as the whole
        // suite runs in parallel on 2 cores and this says "it is closed", not how fast)
        string answer = await ReadUntilClosed(socket, TimeSpan.FromSeconds(30));
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer);
    }

    [Fact]
    public async Task ARequestOverItsTime_Is504()
    {
        // Given: a 1-second request timeout, and no minimum body rate
        await using var server = await Server.Start("--Digits:Limits:RequestTimeoutSeconds=1", "--Digits:Limits:MinBodyBytesPerSecond=0");

        // When: its headers are sent and its body held back (on a raw socket: an HTTP client that is still writing
        // the body when the server answers and closes sees a reset instead of the answer)
        using var socket = await Connect(server);
        await socket.SendAsync("POST /api/recognize/pixels HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n"u8.ToArray());
        string text = await ReadUntilClosed(socket, TimeSpan.FromSeconds(30));

        // Then: the server gives up on it with 504 and a JSON reason
        Assert.StartsWith("HTTP/1.1 504", text, StringComparison.Ordinal);
        Assert.Contains("\"error\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodySentAByteASecond_IsCutOff()
    {
        // Given: headers announcing 2,000 bytes, then one byte a second
        await using var server = await Server.Start("--Digits:Limits:RequestTimeoutSeconds=60");
        using var socket = await Connect(server);
        await socket.SendAsync("POST /api/recognize/pixels HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n"u8.ToArray());
        Task<string> answer = ReadUntilClosed(socket, TimeSpan.FromSeconds(30));
        for (int i = 0; i < 25 && !answer.IsCompleted; i++)
        {
            try
            {
                await socket.SendAsync("{"u8.ToArray());
            }
            catch (SocketException)
            {
                break;
            }

            await Task.WhenAny(answer, Task.Delay(1000));
        }

        // Then: after the 5-second grace the server answers 408 with a JSON reason (not an unhandled error) or drops
        // the connection, long before the body could arrive
        string text = await answer;
        Assert.True(text.Length == 0 || (text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal) && text.Contains("\"error\"", StringComparison.Ordinal)), text);
    }

    [Theory]
    [InlineData("cut short")]
    [InlineData("missing")]
    public async Task ACorruptOrMissingModelFile_FailsReadiness_AndRecognitionIs503WithTheReason(string damage)
    {
        // Given: a model file cut short, or none at the configured path
        using var folder = new TempFolder();
        string file = folder.File("model.nn");
        if (damage == "cut short")
        {
            Digits.Files.ConvNetFile.Save(Digits.Models.PretrainedNetwork.Members[0], file);
            byte[] whole = await File.ReadAllBytesAsync(file);
            await File.WriteAllBytesAsync(file, whole[..(whole.Length / 2)]);
        }

        await using var server = await Server.Start(waitForReady: false, $"--Digits:Model={file}");
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };

        // When: the load has failed
        HttpResponseMessage ready = await client.GetAsync("/health/ready");
        for (int i = 0; i < 100 && !(await ready.Content.ReadAsStringAsync()).Contains("could not be loaded", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            ready = await client.GetAsync("/health/ready");
        }

        // Then: not ready, with the reason; a drawing is refused with 503 and the same reason, never a wrong answer or a 500
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        HttpResponseMessage read = await client.PostAsJsonAsync("/api/recognize/pixels", new { pixels = Blank });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        string reason = await read.Content.ReadAsStringAsync();
        Assert.Contains("could not be loaded", reason, StringComparison.Ordinal);
        Assert.Contains("model.nn", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_HaveTheirDefaults_AndABadValueNamesItsKey()
    {
        var defaults = ServerLimits.From(new ConfigurationBuilder().Build());
        Assert.Equal(new ServerLimits(), defaults);
        Assert.Equal(2 * Environment.ProcessorCount, defaults.PixelConcurrency);

        var set = ServerLimits.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Digits:Limits:PhotoQueue"] = "3" }).Build());
        Assert.Equal(3, set.PhotoQueue);

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Digits:Limits:PixelQueue"] = "lots" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => ServerLimits.From(bad));
        Assert.Contains("Digits:Limits:PixelQueue", error.Message, StringComparison.Ordinal);
    }

    // The signature and header chunk of a PNG of the given size, with no pixels (the reader does not check CRCs).
    private static byte[] PngHeader(int width, int height)
    {
        byte[] png = [0x89, .. "PNG\r\n\x1a\n"u8, 0, 0, 0, 13, .. "IHDR"u8, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        return png;
    }

    private static async Task<Socket> Connect(Server server)
    {
        var uri = new Uri(server.Url);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, uri.Port);
        return socket;
    }

    // Everything the server sends until it closes the connection (or the time is up, which fails the test).
    private static async Task<string> ReadUntilClosed(Socket socket, TimeSpan most)
    {
        using var timeout = new CancellationTokenSource(most);
        var text = new StringBuilder();
        byte[] buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (SocketException)
        {
            // A reset is a close too.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the connection was still open after {most.TotalSeconds} s; received: {text}");
        }

        return text.ToString();
    }

    // A JSON drawing whose bytes are sent only once a task completes.
    private sealed class HeldBody(Task until, int[] pixels) : HttpContent
    {
        private readonly byte[] _json = JsonSerializer.SerializeToUtf8Bytes(new { pixels });

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_json.AsMemory(0, 1));
            await stream.FlushAsync();
            await until;
            await stream.WriteAsync(_json.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _json.Length;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return true;
        }
    }

    private sealed class Server : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TempFolder _folder;

        private Server(WebApplication app, TempFolder folder)
        {
            _app = app;
            _folder = folder;
        }

        public IServiceProvider Services => _app.Services;

        public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public static Task<Server> Start(params string[] settings) => Start(true, settings);

        public static async Task<Server> Start(bool waitForReady, params string[] settings)
        {
            var folder = new TempFolder();
            string model = folder.File("net.nn");
            Digits.Files.ConvNetFile.Save(Digits.Models.PretrainedNetwork.Members[0], model);
            string[] args = ["--urls", "http://127.0.0.1:0", $"--Digits:Model={model}", $"--Digits:Store={folder.File("store.db")}", .. settings];
            var app = DigitsWebApp.Build(args);
            await app.StartAsync();
            var server = new Server(app, folder);
            if (waitForReady)
            {
                using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
                for (int i = 0; i < 100 && (await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK; i++)
                {
                    await Task.Delay(100);
                }
            }

            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _folder.Dispose();
        }
    }
}
