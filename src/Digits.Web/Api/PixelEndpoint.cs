using System.Diagnostics;
using System.Threading.RateLimiting;
using Digits.Photos;
using Digits.Web.Hosting;

namespace Digits.Web.Api;

/// <summary>
/// <c>POST /api/recognize/pixels</c>: reads a digit drawn on the page, sent as it was drawn (grey values,
/// 28x28 by default, or <c>width</c> x <c>height</c> up to 1024). The library's <see cref="DigitReader"/> crops,
/// normalises and decides; this endpoint only checks the request and formats the answer.
/// </summary>
internal static class PixelEndpoint
{
    /// <summary>
    /// The largest accepted body: 8 MB, room for the largest drawing (1024 x 1024 values of up to three digits and
    /// a comma each, with spaces). Larger bodies get 413 as soon as that is known, not after 30 MB are buffered.
    /// </summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    public static async Task<IResult> Handle(HttpContext context, ModelHost host, RecognitionGate gate, DrawingWorkers workers, ProfileCookie cookie, PersonalReaders personal)
    {
        var clock = Stopwatch.StartNew();
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Errors.TooLarge($"the body is {context.Request.ContentLength / 1048576.0:F1} MB; the limit is {MaxBodyBytes / 1048576} MB");
        }

        using var body = new MemoryStream();
        byte[] buffer = new byte[16384];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                return Errors.TooLarge($"the body is over the limit of {MaxBodyBytes / 1048576} MB");
            }

            body.Write(buffer, 0, read);
        }

        if (PixelDrawing.Parse(body.GetBuffer().AsSpan(0, (int)body.Length), out string? problem) is not { } drawing)
        {
            return Errors.BadRequest(problem!);
        }

        if (await host.LoadedOrNull() is not { } model)
        {
            return Errors.Unavailable(host.NotReadyBecause!);
        }

        using RateLimitLease? turn = await gate.EnterPixels(context.RequestAborted);
        if (turn is null)
        {
            return gate.Refuse(context.Response);
        }

        double receiveMs = clock.Elapsed.TotalMilliseconds;
        var (reader, exampleIds) = personal.For(model, cookie.Read(context.Request).Profile);
        PhotoResult result;
        try
        {
            result = await workers.Run(() => reader.ReadDrawing(drawing.Pixels, drawing.Width, drawing.Height), context.RequestAborted);
        }
        catch (ArgumentException ex)
        {
            return Errors.BadRequest(ex.Message);
        }
        catch (NativeLibraryException ex)
        {
            return Errors.Unavailable(ex.Message);
        }

        var timings = new Dictionary<string, double>(result.Timings.ToDictionary())
        {
            ["receive"] = Math.Round(receiveMs, 2),
            ["total"] = Math.Round(clock.Elapsed.TotalMilliseconds, 2),
        };
        return Results.Ok(DigitExplainer.Respond(result, timings, exampleIds));
    }
}
