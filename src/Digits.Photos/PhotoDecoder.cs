using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// Decodes PNG, JPEG, GIF, BMP, WebP and TIFF with OpenCV into an 8-bit colour image: EXIF orientation is
/// honoured, transparency is laid over white paper, 16-bit and grey images are converted. Sizes are checked
/// from the header first, so an image over the limit is refused before it is decoded.
/// </summary>
public static class PhotoDecoder
{
    /// <summary>The longest side accepted, in pixels: OpenCV's own limit (2^20).</summary>
    public const int MaxSide = 1 << 20;

    /// <summary>Decodes <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="maxPixels">The largest accepted width x height.</param>
    /// <returns>A BGR image; the caller disposes it.</returns>
    /// <exception cref="PhotoException">Empty, not an image, truncated, undecodable or too large.</exception>
    public static Mat Decode(byte[] bytes, long maxPixels = 40_000_000) => Decode(bytes, maxPixels, 0, out _);

    /// <summary>
    /// Decodes <paramref name="bytes"/>, letting a large JPEG be decoded at 1/2, 1/4 or 1/8 of its size (the
    /// JPEG decoder skips the fine detail, several times faster) when the result still has a longer side of
    /// at least 90% of <paramref name="workingSize"/>.
    /// </summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="maxPixels">The largest accepted width x height (of the full image).</param>
    /// <param name="workingSize">The longest side the caller will reduce the image to anyway; 0 for full size.</param>
    /// <param name="reduction">Receives the factor the image was reduced by while decoding (1, 2, 4 or 8).</param>
    /// <returns>A BGR image; the caller disposes it.</returns>
    /// <exception cref="PhotoException">Empty, not an image, truncated, undecodable or too large.</exception>
    public static Mat Decode(byte[] bytes, long maxPixels, int workingSize, out int reduction)
    {
        var header = Check(bytes, maxPixels);
        string format = header.Format ?? "image";
        bool mayHaveAlpha = format is "PNG" or "WebP" or "TIFF" or "GIF";
        reduction = 1;
        if (format == "JPEG" && workingSize > 0)
        {
            foreach (int factor in new[] { 8, 4, 2 })
            {
                if (Math.Max(header.Width, header.Height) / factor >= 0.9 * workingSize)
                {
                    reduction = factor;
                    break;
                }
            }
        }

        ImreadModes mode = mayHaveAlpha ? ImreadModes.Unchanged
            : reduction switch { 2 => ImreadModes.ReducedColor2, 4 => ImreadModes.ReducedColor4, 8 => ImreadModes.ReducedColor8, _ => ImreadModes.Color };
        Mat decoded;
        try
        {
            decoded = Cv2.ImDecode(bytes, mode);
        }
        catch (OpenCVException ex)
        {
            // OpenCV's decoders assert on what they cannot read; for a file we did not write that is a bad file.
            throw new PhotoException($"could not be decoded: a corrupt {format} (the decoder said: {FirstWords(ex)})");
        }

        if (decoded.Empty())
        {
            decoded.Dispose();
            throw new PhotoException($"could not be decoded: a corrupt or truncated {format}");
        }

        try
        {
            CheckSize(format, decoded.Width * reduction, decoded.Height * reduction, maxPixels);
        }
        catch
        {
            decoded.Dispose();
            throw;
        }

        if (decoded.Type() == MatType.CV_8UC3)
        {
            return decoded; // the common case: no copy (fresh megabytes cost page faults)
        }

        using (decoded)
        {
            return ToBgr8(decoded, format);
        }
    }

    /// <summary>
    /// Checks <paramref name="bytes"/> without decoding them, in microseconds: a format this program reads, a
    /// size within <paramref name="maxPixels"/>, a JPEG whose markers run to its end-of-image marker (data after it, as cameras write, is allowed), PNG chunks that fit in the file.
    /// A server runs this before an upload waits for its turn, so a bad upload is answered at once, even when busy.
    /// </summary>
    /// <param name="bytes">The file's content.</param>
    /// <param name="maxPixels">The largest accepted width x height.</param>
    /// <returns>The format and size its header gives.</returns>
    /// <exception cref="PhotoException">Empty, not an image, truncated or too large.</exception>
    public static (string? Format, int Width, int Height) Check(byte[] bytes, long maxPixels = 40_000_000)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw new PhotoException("the file is empty");
        }

        var header = ImageHeader.Read(bytes)
                     ?? throw new PhotoException("is not an image this program reads (expected PNG, JPEG, GIF, BMP, WebP or TIFF)", notAnImage: true);
        string format = header.Format ?? "image";
        CheckSize(format, header.Width, header.Height, maxPixels);
        if (format == "JPEG" && JpegMarkers.EndOfImage(bytes) < 0)
        {
            throw new PhotoException("is a truncated JPEG (its data ends before its end-of-image marker)");
        }

        if (format == "PNG" && PngChunks.FindProblem(bytes) is { } problem)
        {
            throw new PhotoException(problem);
        }

        return header;
    }

    private static void CheckSize(string format, int width, int height, long maxPixels)
    {
        if (width < 0 || height < 0)
        {
            throw new PhotoException($"is a {format} with an invalid size {width}x{height}");
        }

        if (width > MaxSide || height > MaxSide)
        {
            throw new PhotoException($"is {width}x{height}; no side may be over {MaxSide:N0} pixels", tooLarge: true);
        }

        if ((long)width * height > maxPixels)
        {
            throw new PhotoException(
                $"is {width}x{height} = {(long)width * height / 1e6:F1} megapixels; the limit is {maxPixels / 1e6:F0} megapixels",
                tooLarge: true);
        }
    }

    // Any depth and channel count a decoder may give (TIFF allows signed, 32-bit and two-channel images) as 8-bit BGR.
    private static Mat ToBgr8(Mat image, string format)
    {
        Mat? bgr = null;
        try
        {
            using var eightBit = new Mat();
            int channels = image.Channels();
            var (scale, shift) = image.Depth() switch
            {
                MatType.CV_8S => (1.0, 128.0),
                MatType.CV_16U => (1 / 256.0, 0.0),
                MatType.CV_16S => (1 / 256.0, 128.0),
                MatType.CV_32S => (1 / 16_777_216.0, 128.0),
                MatType.CV_32F or MatType.CV_64F => (255.0, 0.0),
                _ => (1.0, 0.0),
            };
            image.ConvertTo(eightBit, MatType.MakeType(MatType.CV_8U, channels), scale, shift);

            bgr = new Mat();
            switch (channels)
            {
                case 1:
                case 2: // grey and alpha: the grey
                    using (Mat grey = eightBit.ExtractChannel(0))
                    {
                        Cv2.CvtColor(grey, bgr, ColorConversionCodes.GRAY2BGR);
                    }

                    break;
                case 4:
                    OverWhite(eightBit, bgr);
                    break;
                case 3:
                    eightBit.CopyTo(bgr);
                    break;
                default:
                    throw new PhotoException($"could not be decoded: a {format} with {channels} channels");
            }

            return bgr;
        }
        catch (OpenCVException ex)
        {
            bgr?.Dispose();
            throw new PhotoException($"could not be decoded: a {format} of a kind this program does not read (the decoder said: {FirstWords(ex)})");
        }
        catch
        {
            bgr?.Dispose();
            throw;
        }
    }

    // The gist of an OpenCV error, for a message: its first line, without OpenCV's "> " quoting.
    private static string FirstWords(OpenCVException error)
        => (error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "").TrimStart('>', ' ').TrimEnd(':');

    // Transparent pixels become white paper: colour * alpha + 255 * (1 - alpha).
    private static void OverWhite(Mat bgra, Mat bgr)
    {
        Mat[] channels = Cv2.Split(bgra);
        try
        {
            using var alpha = new Mat();
            channels[3].ConvertTo(alpha, MatType.CV_32F, 1 / 255.0);
            using var inverse = new Mat();
            Cv2.Subtract(Scalar.All(1.0), alpha, inverse);
            var blended = new Mat[3];
            for (int c = 0; c < 3; c++)
            {
                using var colour = new Mat();
                channels[c].ConvertTo(colour, MatType.CV_32F);
                using var mixed = new Mat();
                Cv2.Multiply(colour, alpha, mixed);
                using var paper = new Mat();
                Cv2.Multiply(inverse, Scalar.All(255.0), paper);
                blended[c] = new Mat();
                Cv2.Add(mixed, paper, mixed);
                mixed.ConvertTo(blended[c], MatType.CV_8U);
            }

            Cv2.Merge(blended, bgr);
            foreach (Mat m in blended)
            {
                m.Dispose();
            }
        }
        finally
        {
            foreach (Mat m in channels)
            {
                m.Dispose();
            }
        }
    }
}
