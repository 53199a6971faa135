using System.Diagnostics;
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
    public static async Task<IResult> Handle(HttpContext context, ModelHost host, ProfileCookie cookie, PersonalReaders personal)
    {
        var clock = Stopwatch.StartNew();
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (PixelDrawing.Parse(body.GetBuffer().AsSpan(0, (int)body.Length), out string? problem) is not { } drawing)
        {
            return Errors.BadRequest(problem!);
        }

        if (await host.LoadedOrNull() is not { } model)
        {
            return Errors.Unavailable(host.NotReadyBecause!);
        }

        double receiveMs = clock.Elapsed.TotalMilliseconds;
        var (reader, exampleIds) = personal.For(model, cookie.Read(context.Request).Profile);
        PhotoResult result;
        try
        {
            result = reader.ReadDrawing(drawing.Pixels, drawing.Width, drawing.Height);
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
