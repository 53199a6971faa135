using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class PhotoDecoderTests
{
    private static byte[] Jpeg(int width, int height)
    {
        using var image = new Mat(height, width, MatType.CV_8UC3, new Scalar(200, 210, 220));
        Cv2.Rectangle(image, new Rect(0, 0, width / 4, height / 4), Scalar.All(0), -1); // a dark top-left corner
        Cv2.ImEncode(".jpg", image, out byte[] jpeg);
        return jpeg;
    }

    // An APP1 EXIF segment holding only an orientation tag, inserted right after the JPEG's start marker.
    internal static byte[] WithOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff = [0x4D, 0x4D, 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, 0, 0, 0, 0];
        byte[] payload = [.. "Exif\0\0"u8.ToArray(), .. tiff];
        int length = payload.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    [Fact]
    public void Decode_ABmpWiderThanOpenCVReads_IsRefusedAsTooLarge_NotAnOpenCVError()
    {
        // Found by fuzzing: a 1-pixel-high BMP 3,342,620 pixels wide is under the megapixel limit, but over
        // OpenCV's longest side, and its decoder asserted.
        byte[] bmp = new byte[54 + 64];
        "BM"u8.CopyTo(bmp);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 3_342_620);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);

        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Decode(bmp));
        Assert.True(error.TooLarge);
        Assert.Contains("3342620x1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MatType.CV_8S, 1)]
    [InlineData(MatType.CV_16S, 1)]
    [InlineData(MatType.CV_32S, 1)]
    [InlineData(MatType.CV_64F, 1)]
    [InlineData(MatType.CV_16U, 4)]
    public void Decode_TiffsOfEveryDepth_GiveAn8BitColourImage(int depth, int channels)
    {
        // Found by fuzzing: a TIFF of signed bytes decoded, then failed in the colour conversion with an OpenCV error.
        using var image = new Mat(12, 10, MatType.MakeType(depth, channels), Scalar.All(0));
        Cv2.ImEncode(".tiff", image, out byte[] tiff);

        using Mat decoded = PhotoDecoder.Decode(tiff);

        Assert.Equal(MatType.CV_8UC3, decoded.Type());
        Assert.Equal((10, 12), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Decode_ExifOrientation6_TurnsThePhotoUpright()
    {
        byte[] rotated = WithOrientation(Jpeg(80, 40), 6);
        using Mat image = PhotoDecoder.Decode(rotated);

        // Orientation 6 means "rotate 90 degrees clockwise to view": the landscape file is a portrait photo.
        Assert.Equal(40, image.Width);
        Assert.Equal(80, image.Height);
        Assert.True(image.At<Vec3b>(5, 35).Item0 < 60, "the dark corner should now be top-right");
    }

    [Fact]
    public void Decode_LargeJpegWithWorkingSize_IsReducedByTheDecoder()
    {
        byte[] jpeg = Jpeg(4000, 3000);
        using Mat image = PhotoDecoder.Decode(jpeg, 40_000_000, 1024, out int reduction);
        Assert.Equal(4, reduction);
        Assert.Equal(1000, image.Width);
        Assert.Equal(750, image.Height);

        using Mat full = PhotoDecoder.Decode(jpeg, 40_000_000, 0, out int none);
        Assert.Equal(1, none);
        Assert.Equal(4000, full.Width);
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, "not an image")]
    public void Decode_BadContent_SaysWhatIsWrong(byte[] bytes, string expected)
    {
        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Decode(bytes));
        Assert.Contains(expected, error.Message);
        Assert.Equal(expected == "not an image", error.NotAnImage);
    }

    [Fact]
    public void Decode_TruncatedJpeg_SaysTruncated()
    {
        byte[] jpeg = Jpeg(300, 200);
        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Decode(jpeg[..(jpeg.Length * 2 / 3)]));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Decode_PngChunkClaimingMoreThanTheFileHolds_IsRefusedBeforeDecoding()
    {
        // The fuzzer's find: OpenCV reserved an IDAT chunk's claimed 4 GB for a 133-byte file.
        Cv2.ImEncode(".png", new Mat(12, 10, MatType.CV_8UC3, Scalar.All(128)), out byte[] png);
        int idat = png.AsSpan().IndexOf("IDAT"u8) - 4;
        png[idat] = 0xFF;
        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Decode(png));
        Assert.Contains("IDAT chunk", error.Message);
        Assert.Contains("claims 4,27", error.Message);
    }

    [Fact]
    public void Decode_TruncatedPng_SaysTruncated()
    {
        Cv2.ImEncode(".png", new Mat(200, 300, MatType.CV_8UC3, Scalar.All(90)), out byte[] png);
        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Decode(png[..(png.Length - 20)]));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Decode_WholePng_IsDecoded()
    {
        Cv2.ImEncode(".png", new Mat(20, 30, MatType.CV_8UC3, Scalar.All(90)), out byte[] png);
        using Mat image = PhotoDecoder.Decode(png);
        Assert.Equal(30, image.Width);
    }

    [Fact]
    public void Decode_OverThePixelLimit_IsRefusedAsTooLarge()
    {
        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Decode(Jpeg(400, 300), maxPixels: 100_000));
        Assert.True(error.TooLarge);
        Assert.Contains("megapixels", error.Message);
    }
}
