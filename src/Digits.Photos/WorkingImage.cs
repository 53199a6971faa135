using OpenCvSharp;

namespace Digits.Photos;

/// <summary>A photo brought to the pipeline's working size: large photos shrunk, small ones enlarged.</summary>
public static class WorkingImage
{
    /// <summary>Resizes <paramref name="photo"/> so that its longest side lies between the options' minimum and working sizes.</summary>
    /// <param name="photo">The decoded photo (not modified).</param>
    /// <param name="options">The sizes.</param>
    /// <param name="scale">How much larger the result is than the photo.</param>
    /// <returns>The resized photo; the caller disposes it.</returns>
    public static Mat Resize(Mat photo, PhotoOptions options, out double scale)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(options);
        int longest = Math.Max(photo.Width, photo.Height);
        scale = longest > options.WorkingSize ? (double)options.WorkingSize / longest
            : longest < options.MinimumWorkingSize ? (double)options.MinimumWorkingSize / longest
            : 1.0;
        var resized = new Mat();
        Cv2.Resize(photo, resized, new Size(Math.Max(1, (int)Math.Round(photo.Width * scale)), Math.Max(1, (int)Math.Round(photo.Height * scale))), 0, 0, scale > 1 ? InterpolationFlags.Cubic : InterpolationFlags.Area);
        return resized;
    }
}
