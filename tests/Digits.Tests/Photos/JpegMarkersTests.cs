using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class JpegMarkersTests
{
    private static byte[] Jpeg(int width, int height, params ImageEncodingParam[] settings)
    {
        using var image = new Mat(height, width, MatType.CV_8UC3);
        Cv2.Randu(image, Scalar.All(0), Scalar.All(255)); // noise: the entropy-coded data holds many 0xFF bytes
        Cv2.ImEncode(".jpg", image, out byte[] jpeg, settings);
        return jpeg;
    }

    // An APP1 segment holding a whole small JPEG (a thumbnail, with its own end marker), after the start marker.
    private static byte[] WithThumbnail(byte[] jpeg, byte[] thumbnail)
    {
        int length = thumbnail.Length + 8;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. "Exif\0\0"u8.ToArray(), .. thumbnail];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    public static TheoryData<string> Trailers => ["zero padding", "a second JPEG (multi-picture format)", "an MP4 (motion photo)", "a maker's trailer"];

    private static byte[] Trailer(string kind) => kind switch
    {
        "zero padding" => new byte[190_000],
        "a second JPEG (multi-picture format)" => Jpeg(40, 30),
        "an MP4 (motion photo)" => [0, 0, 0, 0x18, .. "ftypmp42"u8.ToArray(), 0, 0, 0, 0, .. "isommp42"u8.ToArray(), .. new byte[5000]],
        _ => [.. "SEFH"u8.ToArray(), 0xFF, 0xD8, 0xFF, .. new byte[3000]],
    };

    [Fact]
    public void EndOfImage_OfAWholeJpeg_IsItsLength()
    {
        byte[] jpeg = Jpeg(64, 48);
        Assert.Equal(jpeg.Length, JpegMarkers.EndOfImage(jpeg));
    }

    [Theory]
    [MemberData(nameof(Trailers))]
    public void EndOfImage_WithDataAfterIt_IsWhereTheImageEnds_AndThePhotoDecodes(string kind)
    {
        byte[] jpeg = Jpeg(320, 240);
        byte[] file = [.. jpeg, .. Trailer(kind)];

        Assert.Equal(jpeg.Length, JpegMarkers.EndOfImage(file));
        using Mat image = PhotoDecoder.Decode(file);
        Assert.Equal((320, 240), (image.Width, image.Height));
    }

    [Fact]
    public void EndOfImage_ProgressiveWithRestartMarkers_WalksEveryScan()
    {
        byte[] jpeg = Jpeg(200, 150, new ImageEncodingParam(ImwriteFlags.JpegProgressive, 1), new ImageEncodingParam(ImwriteFlags.JpegRstInterval, 2));
        Assert.True(jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xD0]) > 0, "the file has restart markers");
        Assert.Equal(jpeg.Length, JpegMarkers.EndOfImage([.. jpeg, .. new byte[1000]]));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public void EndOfImage_OfATruncatedJpeg_IsMinusOne_EvenWithAThumbnailsEndMarkerInIt(int keptTenths)
    {
        byte[] file = WithThumbnail(Jpeg(320, 240), Jpeg(32, 24));
        byte[] truncated = keptTenths == 10 ? file[..^2] : file[..(file.Length * keptTenths / 10)];

        Assert.Equal(-1, JpegMarkers.EndOfImage(truncated));
        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Decode(truncated));
        Assert.Contains("truncated JPEG", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0xFF, 0xD9 })] // a length under 2
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x7F, 0xFF, 0xFF, 0xD9 })] // a length past the end
    [InlineData(new byte[] { 0xFF, 0xD8, 0x12, 0x34, 0xFF, 0xD9 })] // no marker where one must be
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xFF, 0xFF })] // fill to the end
    public void EndOfImage_OfBrokenMarkers_IsMinusOne(byte[] bytes) => Assert.Equal(-1, JpegMarkers.EndOfImage(bytes));
}
