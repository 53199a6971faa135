using Digits.Reports;
using Digits.Web.Hosting;
using OpenCvSharp;

namespace Digits.Web.Api;

/// <summary><c>GET /api/training/{index}.png</c>: one training digit as a 28x28 PNG, so the page can show the neighbours.</summary>
internal static class TrainingImageEndpoint
{
    public static async Task<IResult> Handle(string file, HttpContext context, ModelHost host)
    {
        if (!file.EndsWith(".png", StringComparison.Ordinal) || !int.TryParse(file[..^4], out int index))
        {
            return Errors.NotFound($"expected /api/training/<index>.png, got '{file}'");
        }

        if (await host.LoadedOrNull() is not { } model)
        {
            return Errors.Unavailable(host.NotReadyBecause!);
        }

        if (model.Training is not { } training)
        {
            return Errors.NotFound("the model being served keeps no training images (a network has no neighbours)");
        }

        if (index < 0 || index >= training.Count)
        {
            return Errors.NotFound($"training image {index} does not exist (0-{training.Count - 1})");
        }

        var images = training.Images;
        using Mat mat = DigitMosaic.ToMat(images[index], images.Rows, images.Columns);
        Cv2.ImEncode(".png", mat, out byte[] png);
        context.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.Bytes(png, "image/png");
    }
}
