using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Digits.Tests.Data;

/// <summary>
/// A tiny HTTP server (Kestrel on 127.0.0.1, a port the system picks) that serves files from memory,
/// standing in for an MNIST mirror. Each request is served on its own, so one failed request never
/// stalls the next.
/// </summary>
internal sealed class LoopbackMirror : IDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    /// <param name="files">The files by name.</param>
    /// <param name="stallAfterBytes">When given, every file stops after this many bytes and the connection stays open, as a stalled mirror's would.</param>
    public LoopbackMirror(IReadOnlyDictionary<string, byte[]> files, int? stallAfterBytes = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/mnist/{name}", async (string name, HttpContext context) =>
        {
            Interlocked.Increment(ref _requests);
            if (!files.TryGetValue(name, out byte[]? body))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentLength = body.Length;
            if (stallAfterBytes is int stall)
            {
                await context.Response.Body.WriteAsync(body.AsMemory(0, Math.Min(stall, body.Length)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }

                return;
            }

            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        string address = _app.Urls.First();
        Uri = new Uri(address.TrimEnd('/') + "/mnist/");
    }

    public Uri Uri { get; }

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        _app.StopAsync(patience.Token).GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }
}
