using System.Diagnostics;
using System.Text.Json;
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
        PixelRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<PixelRequest>(context.Request.Body, JsonSerializerOptions.Web, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Errors.BadRequest($"the body is not valid JSON: {ex.Message}");
        }

        if (request?.Pixels is not { } values)
        {
            return Errors.BadRequest("expected a JSON object {\"pixels\": [784 integers 0-255]} (or with \"width\" and \"height\"); 'pixels' is missing");
        }

        int width = request.Width ?? 28, height = request.Height ?? 28;
        if (request.Width is null && request.Height is null && values.Length != 784)
        {
            return Errors.BadRequest($"'pixels' must hold 784 values (28x28), got {values.Length}; give 'width' and 'height' for a larger drawing");
        }

        int bad = Array.FindIndex(values, v => v is < 0 or > 255);
        if (bad >= 0)
        {
            return Errors.BadRequest($"'pixels[{bad}]' is {values[bad]}; values must be 0-255");
        }

        byte[] drawn = values.Select(v => (byte)v).ToArray();
        LoadedModel model = await host.Model;
        double receiveMs = clock.Elapsed.TotalMilliseconds;
        var (reader, exampleIds) = personal.For(model, cookie.Read(context.Request).Profile);
        PhotoResult result;
        try
        {
            result = reader.ReadDrawing(drawn, width, height);
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
