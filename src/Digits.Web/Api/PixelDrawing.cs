using System.Text.Json;
using Digits.Photos;

namespace Digits.Web.Api;

/// <summary>
/// A drawing sent to <c>POST /api/recognize/pixels</c>, checked: grey values 0-255, row by row, <see cref="Width"/>
/// x <see cref="Height"/> of them. <see cref="Parse"/> turns the request's JSON into one, or into the sentence
/// that says what is wrong with it; it never throws on any body.
/// </summary>
/// <param name="Pixels">The grey values, 0 = background.</param>
/// <param name="Width">Columns, 28 to 1024.</param>
/// <param name="Height">Rows, 28 to 1024.</param>
internal sealed record PixelDrawing(byte[] Pixels, int Width, int Height)
{
    /// <summary>Reads and checks a request body.</summary>
    /// <param name="json">The body as UTF-8.</param>
    /// <param name="error">Why the body is not a drawing, when it is not.</param>
    /// <returns>The drawing, or null with <paramref name="error"/> set.</returns>
    public static PixelDrawing? Parse(ReadOnlySpan<byte> json, out string? error)
    {
        PixelRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<PixelRequest>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            error = $"the body is not valid JSON: {ex.Message}";
            return null;
        }

        if (request?.Pixels is not { } values)
        {
            error = "expected a JSON object {\"pixels\": [784 integers 0-255]} (or with \"width\" and \"height\"); 'pixels' is missing";
            return null;
        }

        if (request.Width is null && request.Height is null && values.Length != 784)
        {
            error = $"'pixels' must hold 784 values (28x28), got {values.Length}; give 'width' and 'height' for a larger drawing";
            return null;
        }

        int width = request.Width ?? 28, height = request.Height ?? 28;
        const int least = DigitReader.MinimumDrawingSide, most = DigitReader.MaximumDrawingSide;
        if (width is < least or > most || height is < least or > most)
        {
            error = $"'width' and 'height' must be {least} to {most}, got {width}x{height}";
            return null;
        }

        if (values.Length != width * height)
        {
            error = $"a {width}x{height} drawing has {width * height} values, but 'pixels' holds {values.Length}";
            return null;
        }

        int bad = Array.FindIndex(values, v => v is < 0 or > 255);
        if (bad >= 0)
        {
            error = $"'pixels[{bad}]' is {values[bad]}; values must be 0-255";
            return null;
        }

        error = null;
        return new PixelDrawing(values.Select(v => (byte)v).ToArray(), width, height);
    }
}
