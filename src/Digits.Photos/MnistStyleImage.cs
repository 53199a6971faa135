using OpenCvSharp;

namespace Digits.Photos;

/// <summary>
/// A 28x28 image taken as a digit exactly as it is, MNIST's way: grey, light ink on black. A 28x28 image of
/// dark ink on light paper (a scan's cell) is inverted, told by its border.
/// </summary>
internal static class MnistStyleImage
{
    /// <summary>The side of an image taken as it is.</summary>
    public const int Side = 28;

    /// <summary>Decodes <paramref name="bytes"/> and returns its 784 grey values, or null when it is not 28x28.</summary>
    /// <param name="bytes">PNG, JPEG or another format OpenCV reads.</param>
    /// <param name="width">Receives the image's width.</param>
    /// <param name="height">Receives the image's height.</param>
    /// <returns>The digit, light on black; null for another size.</returns>
    /// <exception cref="PhotoException">The content is not a readable image.</exception>
    public static byte[]? Read(byte[] bytes, out int width, out int height)
    {
        OpenCvNative.EnsureLoaded();
        using Mat colour = PhotoDecoder.Decode(bytes);
        width = colour.Width;
        height = colour.Height;
        if (width != Side || height != Side)
        {
            return null;
        }

        using Mat grey = new();
        Cv2.CvtColor(colour, grey, ColorConversionCodes.BGR2GRAY);
        grey.GetArray(out byte[] pixels);

        // MNIST is light ink on black; a scan is dark ink on light paper. The border tells which this is.
        long border = 0;
        for (int i = 0; i < Side; i++)
        {
            border += pixels[i] + pixels[((Side - 1) * Side) + i] + pixels[i * Side] + pixels[(i * Side) + Side - 1];
        }

        if (border / (4.0 * Side) > 127)
        {
            for (int i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(255 - pixels[i]);
            }
        }

        return pixels;
    }
}
