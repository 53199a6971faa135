using Digits.Photos;
using OpenCvSharp;

namespace Digits.Web.Hosting;

/// <summary>
/// Reads one photo before the server calls itself ready: a training digit drawn dark on white paper at phone
/// size, through the whole photo pipeline. It proves that OpenCV's native library loads and that the pipeline
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
            ReadOnlySpan<byte> digit = model.Training.Images[0];
            using var ink = new Mat(28, 28, MatType.CV_8UC1);
            ink.SetArray(digit.ToArray());
            using var paper = new Mat();
            Cv2.BitwiseNot(ink, paper);
            using var large = new Mat();
            Cv2.Resize(paper, large, new Size(224, 224), 0, 0, InterpolationFlags.Cubic);
            using var page = new Mat();
            Cv2.CopyMakeBorder(large, page, 48, 48, 48, 48, BorderTypes.Constant, Scalar.All(255));
            Cv2.ImEncode(".png", page, out byte[] png);
            PhotoResult result = new PhotoReader(model.Classifier).Read(png);
            return result.Digits.Count == 0 ? $"the self-test photo (a training {model.Training.Labels[0]}) was read as no digit at all" : null;
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
