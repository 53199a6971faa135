using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Digits.Profiles;

namespace Digits.Tests.Profiles;

/// <summary>
/// The server killed with SIGKILL in the middle of a burst of corrections: the store is intact and holds every
/// example whose write was acknowledged (and at most the few in flight besides).
/// </summary>
[Trait("Category", "Slow")]
public sealed class CrashSafetyTests
{
    private const int Writers = 4;

    [Fact]
    public async Task KillNine_DuringABurstOfWrites_LosesNoAcknowledgedExample_AndLeavesAnIntactStore()
    {
        using var temp = new TempFolder();
        string store = temp.File("examples.db");
        int port = 20_000 + Random.Shared.Next(20_000);
        string url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "Digits.Cli.dll"), "serve", "--urls", url, "--store", store })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DIGITS_DATA"] = TestPaths.MnistFolder;
        using var server = Process.Start(start)!;
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
        try
        {
            // No cookies: every correction makes a new profile, so the per-profile rate limit never applies.
            using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
            await WaitUntilLive(client);
            int[] pixels = [.. Enumerable.Range(0, 784).Select(i => i % 28 is > 10 and < 16 ? 255 : 0)];
            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<long>();
            using var stop = new CancellationTokenSource();

            async Task Write()
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var response = await client.PostAsJsonAsync("/api/examples", new { pixels, digit = 1 }, stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop.Token));
                            acknowledged.Add(body.RootElement.GetProperty("example").GetProperty("id").GetInt64());
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
                    {
                        return; // the server is gone
                    }
                }
            }

            Task[] writers = [.. Enumerable.Range(0, Writers).Select(_ => Task.Run(Write))];
            while (acknowledged.Count < 150 && !writers.All(w => w.IsCompleted))
            {
                await Task.Delay(5);
            }

            // When: SIGKILL, mid-burst
            server.Kill();
            await server.WaitForExitAsync();
            await Task.WhenAll(writers);
            await stop.CancelAsync();

            // Then
            using var reopened = ExampleStore.Open(store);
            Assert.Equal("ok", reopened.IntegrityCheck());
            var stored = reopened.Profiles().SelectMany(p => reopened.List(p.Name)).Select(e => e.Id).ToHashSet();
            Assert.True(acknowledged.Count >= 150, $"only {acknowledged.Count} writes were acknowledged before the kill");
            Assert.All(acknowledged, id => Assert.Contains(id, stored));
            Assert.InRange(stored.Count, acknowledged.Count, acknowledged.Count + Writers);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task WaitUntilLive(HttpClient client)
    {
        for (int i = 0; i < 300; i++)
        {
            try
            {
                if ((await client.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not start in 30 s");
    }
}
