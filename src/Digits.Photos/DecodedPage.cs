using OpenCvSharp;

namespace Digits.Photos;

/// <summary>One page of a file as decoded: the page of a PDF or a TIFF, or the one page of an image.</summary>
/// <param name="Number">The page's number, from 1.</param>
/// <param name="Count">How many pages the file has.</param>
/// <param name="Image">The page, 8-bit BGR.</param>
/// <param name="Reduction">The factor the decoder reduced the page by (1, 2, 4 or 8; see <see cref="PhotoDecoder.Decode(byte[], long, int, out int)"/>).</param>
public sealed record DecodedPage(int Number, int Count, Mat Image, int Reduction) : IDisposable
{
    /// <summary>Gets the EXIF orientation the file was stored with (1 to 8; 1 as stored), already applied to <see cref="Image"/>.</summary>
    public int ExifOrientation { get; init; } = 1;

    /// <inheritdoc/>
    public void Dispose() => Image.Dispose();
}
