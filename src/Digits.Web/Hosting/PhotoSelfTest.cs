using Digits.Photos;
using OpenCvSharp;

namespace Digits.Web.Hosting;

/// <summary>
/// Reads one photo before the server calls itself ready: a stroke drawn dark on white paper at phone size,
/// through the whole photo pipeline. It proves that OpenCV's native library loads and that the pipeline
/// and the model work together, so a machine without GTK fails its readiness with the reason instead of
/// answering photos with nothing.
/// </summary>
internal static class PhotoSelfTest
{
    /// <summary>Returns null when the photo was read, else why not (one line).</summary>
    /// <param name="model">The loaded model.</param>
    public static string? Run(LoadedModel model)
    {
        try
        {
            OpenCvNative.EnsureLoaded();
            // A thick upright stroke (a 1) in dark ink on a white page, about phone size; no data set needed.
            using var page = new Mat(320, 240, MatType.CV_8UC3, Scalar.All(245));
            Cv2.Line(page, new Point(124, 80), new Point(116, 240), Scalar.All(30), 14, LineTypes.AntiAlias);
            Cv2.ImEncode(".png", page, out byte[] png);
            PhotoResult result = model.Reader.ReadPhoto(png);
            return result.Digits.Count == 0 ? "the self-test photo (a 1 drawn on white paper) was read as no digit at all" : null;
        }
        catch (NativeLibraryException ex)
        {
            return ex.Message;
        }
        catch (Exception ex) when (ex is PhotoException or OpenCVException)
        {
            return $"the self-test photo could not be read: {ex.Message}";
        }
    }
}
