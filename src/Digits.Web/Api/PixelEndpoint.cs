using System.Diagnostics;
using System.Text.Json;
using Digits.Web.Hosting;

namespace Digits.Web.Api;

/// <summary><c>POST /api/recognize/pixels</c>: reads a digit drawn on the page (784 grey values).</summary>
internal static class PixelEndpoint
{
    public static async Task<IResult> Handle(HttpContext context, ModelHost host)
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
            return Errors.BadRequest("expected a JSON object {\"pixels\": [784 integers 0-255]}; 'pixels' is missing");
        }

        if (values.Length != 784)
        {
            return Errors.BadRequest($"'pixels' must hold 784 values (28x28), got {values.Length}");
        }

        int bad = Array.FindIndex(values, v => v is < 0 or > 255);
        if (bad >= 0)
        {
            return Errors.BadRequest($"'pixels[{bad}]' is {values[bad]}; values must be 0-255");
        }

        byte[] drawn = values.Select(v => (byte)v).ToArray();
        LoadedModel model = await host.Model;
        double prepareMs = clock.Elapsed.TotalMilliseconds;
        byte[] input = DrawingNormalizer.Normalize(drawn);
        if (input.All(p => p == 0))
        {
            return Results.Ok(new RecognitionResponse("", [], "nothing is drawn", [], Timings(prepareMs, 0, clock)));
        }

        var classify = Stopwatch.StartNew();
        DigitPrediction prediction = model.Classifier.Classify(input);
        double classifyMs = classify.Elapsed.TotalMilliseconds;
        string? refusal = RefusalRule.Default.Refuse(prediction);
        DigitDto digit = DigitExplainer.Explain(refusal is null ? prediction.Digit : null, refusal, prediction, input, [0, 0, 28, 28]);
        string? message = refusal;
        return Results.Ok(new RecognitionResponse(digit.Digit?.ToString() ?? "", [digit], message, [], Timings(prepareMs, classifyMs, clock)));
    }

    private static Dictionary<string, double> Timings(double prepareMs, double classifyMs, Stopwatch total) => new()
    {
        ["preprocess"] = Math.Round(prepareMs, 2),
        ["classify"] = Math.Round(classifyMs, 2),
        ["total"] = Math.Round(total.Elapsed.TotalMilliseconds, 2),
    };
}
