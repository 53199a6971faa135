using System.Text;
using Digits.Fuzz;
using Digits.Photos;
using ImageMagick;
using OpenCvSharp;

namespace Digits.Tests.Photos;

/// <summary>
/// Every kind of file people have, each decoded the way a viewer shows it: HEIC from phones, AVIF, multi-page
/// TIFF and PDF scans page by page, CMYK, 16-bit, grey with alpha, progressive JPEG and WebP.
/// </summary>
[Trait("Category", "Fast")]
public sealed class PhotoFormatsTests
{
    private static readonly string Samples = Path.Combine(TestPaths.RepositoryRoot, "tests", "Digits.Tests", "Photos", "Formats");

    // A page of a given size: white, with a dark block in its top-left quarter.
    private static Mat Page(int width, int height)
    {
        var page = new Mat(height, width, MatType.CV_8UC3, Scalar.All(235));
        Cv2.Rectangle(page, new Rect(0, 0, width / 4, height / 4), Scalar.All(20), -1);
        return page;
    }

    private static byte[] Encode(Mat image, string extension, params ImageEncodingParam[] settings)
    {
        Cv2.ImEncode(extension, image, out byte[] bytes, settings);
        return bytes;
    }

    private static byte[] WithMagick(MagickFormat format, Action<MagickImage>? change = null, params (int Width, int Height)[] pages)
    {
        using var collection = new MagickImageCollection();
        foreach (var (width, height) in pages.Length == 0 ? [(120, 80)] : pages)
        {
            using Mat page = Page(width, height);
            var image = new MagickImage(Encode(page, ".png"));
            change?.Invoke(image);
            collection.Add(image);
        }

        return collection.ToByteArray(format);
    }

    private static void AssertIsThePage(Mat decoded, int width, int height)
    {
        Assert.Equal(MatType.CV_8UC3, decoded.Type());
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.True(decoded.At<Vec3b>(2, 2).Item1 < 80, "the dark block is top-left");
        Assert.True(decoded.At<Vec3b>(height - 3, width - 3).Item1 > 180, "the paper is light");
    }

    [Fact]
    public void Heic_FromAPhone_IsDecoded_AndItsSizeCheckedBeforeDecoding()
    {
        byte[] heic = File.ReadAllBytes(Path.Combine(Samples, "47.heic"));
        Assert.Equal(("HEIC", 300, 200), PhotoDecoder.Check(heic));
        using Mat image = PhotoDecoder.Decode(heic);
        Assert.Equal((300, 200), (image.Width, image.Height));
        Assert.True(image.At<Vec3b>(100, 150).Item1 > 180, "paper between the digits");

        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Check(heic, maxPixels: 10_000));
        Assert.True(error.TooLarge);
    }

    [Fact]
    public void Heic_Truncated_IsRefusedWithItsFormat_NotACrash()
    {
        byte[] heic = File.ReadAllBytes(Path.Combine(Samples, "47.heic"));
        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Decode(heic[..(heic.Length / 2)]));
        Assert.Contains("HEIC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Avif_IsDecoded()
    {
        using Mat image = PhotoDecoder.Decode(WithMagick(MagickFormat.Avif));
        Assert.Equal((120, 80), (image.Width, image.Height));
        Assert.True(image.At<Vec3b>(2, 2).Item1 < 80);
    }

    [Fact]
    public void Tiff_OfThreePages_GivesEveryPageInOrder_OneAtATime()
    {
        byte[] tiff = WithMagick(MagickFormat.Tiff, null, (120, 80), (200, 100), (90, 160));
        Assert.Equal(3, PhotoDecoder.PageCount(tiff));

        var sizes = new List<(int, int, int, int)>();
        foreach (DecodedPage page in PhotoDecoder.Pages(tiff))
        {
            using (page)
            {
                AssertIsThePage(page.Image, page.Image.Width, page.Image.Height);
                sizes.Add((page.Number, page.Count, page.Image.Width, page.Image.Height));
            }
        }

        Assert.Equal([(1, 3, 120, 80), (2, 3, 200, 100), (3, 3, 90, 160)], sizes);
    }

    [Fact]
    public void Pdf_OfScannedPages_GivesEachPagesImage_JpegAndDeflatedGrey()
    {
        using Mat first = Page(300, 200), second = Page(160, 240);
        byte[] pdf = ScannedPdf.Of((first, true), (second, false));
        Assert.Equal("PDF", PhotoDecoder.Check(pdf).Format);
        Assert.Equal(2, PhotoDecoder.PageCount(pdf));

        var pages = PhotoDecoder.Pages(pdf).ToList();
        try
        {
            Assert.Equal([1, 2], pages.Select(p => p.Number));
            AssertIsThePage(pages[0].Image, 300, 200);
            AssertIsThePage(pages[1].Image, 160, 240);
        }
        finally
        {
            pages.ForEach(p => p.Dispose());
        }

        using Mat decoded = PhotoDecoder.Decode(pdf); // one image wanted: the first page
        Assert.Equal(300, decoded.Width);
    }

    [Fact]
    public void Pdf_WithMorePagesThanTheLimit_IsRefusedAsTooLarge()
    {
        using Mat page = Page(60, 40);
        byte[] pdf = ScannedPdf.Of((page, true), (page, true), (page, true));
        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Pages(pdf, maxPages: 2));
        Assert.True(error.TooLarge);
        Assert.Contains("3 pages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_PageTooLarge_IsRefusedBeforeItsImageIsDecoded()
    {
        using Mat page = Page(400, 300);
        byte[] pdf = ScannedPdf.Of((page, false));
        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Pages(pdf, maxPixels: 100_000).ToList());
        Assert.True(error.TooLarge);
        Assert.Contains("page 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_ThatIsBroken_SaysSo()
    {
        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Pages("%PDF-1.4\nthis is no PDF at all"u8.ToArray()).ToList());
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_WithAPageOfTypedTextAndNoScan_ReadsThePagesBefore_ThenSaysWhichPageHasNoScan()
    {
        using Mat page = Page(60, 40);
        using IEnumerator<DecodedPage> pages = PhotoDecoder.Pages(ScannedPdf.Of((page, true), (null, false))).GetEnumerator();
        Assert.True(pages.MoveNext());
        pages.Current.Dispose();
        var error = Assert.Throws<PhotoException>(() => pages.MoveNext());
        Assert.Contains("page 2 holds no scanned image", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Jpeg_WithEachExifOrientation_IsDecodedAsViewersShowIt_AndSaysHowItWasStored(int orientation)
    {
        // The pixels as stored: the page as shown, turned back by the inverse of what the tag tells a viewer to do.
        using Mat shown = Page(120, 80);
        using var stored = new Mat();
        switch (orientation)
        {
            case 2: Cv2.Flip(shown, stored, FlipMode.Y); break;
            case 3: Cv2.Rotate(shown, stored, RotateFlags.Rotate180); break;
            case 4: Cv2.Flip(shown, stored, FlipMode.X); break;
            case 5: Cv2.Transpose(shown, stored); break;
            case 6: Cv2.Rotate(shown, stored, RotateFlags.Rotate90Counterclockwise); break;
            case 7:
                Cv2.Transpose(shown, stored);
                Cv2.Rotate(stored, stored, RotateFlags.Rotate180);
                break;
            case 8: Cv2.Rotate(shown, stored, RotateFlags.Rotate90Clockwise); break;
            default: shown.CopyTo(stored); break;
        }

        byte[] jpeg = PhotoDecoderTests.WithOrientation(Encode(stored, ".jpg"), (ushort)orientation);
        using DecodedPage page = PhotoDecoder.Pages(jpeg).Single();
        AssertIsThePage(page.Image, 120, 80);
        Assert.Equal(orientation, page.ExifOrientation);
    }

    public static TheoryData<string> Kinds => ["CMYK JPEG", "progressive JPEG", "16-bit PNG", "grey PNG with alpha", "WebP", "CMYK TIFF"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void OtherKinds_AreDecodedAs8BitColour(string kind)
    {
        using Mat page = Page(120, 80);
        byte[] file = kind switch
        {
            "CMYK JPEG" => WithMagick(MagickFormat.Jpeg, image => image.ColorSpace = ColorSpace.CMYK),
            "CMYK TIFF" => WithMagick(MagickFormat.Tiff, image => image.ColorSpace = ColorSpace.CMYK),
            "progressive JPEG" => Encode(page, ".jpg", new ImageEncodingParam(ImwriteFlags.JpegProgressive, 1)),
            "16-bit PNG" => WithMagick(MagickFormat.Png48, image => image.Depth = 16),
            "grey PNG with alpha" => WithMagick(MagickFormat.Png, image =>
            {
                image.ColorType = ColorType.GrayscaleAlpha;
                image.Alpha(AlphaAction.Set);
            }),
            _ => Encode(page, ".webp"),
        };

        using Mat decoded = PhotoDecoder.Decode(file);
        AssertIsThePage(decoded, 120, 80);
    }
}
