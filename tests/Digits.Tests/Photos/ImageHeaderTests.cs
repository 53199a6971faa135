using System.Buffers.Binary;
using Digits.Photos;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class ImageHeaderTests
{
    [Theory]
    [InlineData(-40, 40)]
    [InlineData(40, 40)]
    [InlineData(int.MinValue, int.MinValue)]
    public void BmpHeightIsTakenWithoutItsTopDownSignAndTheMinimumStaysInvalid(int stored, int expected)
    {
        // Found by the fuzzer: int.MinValue has no positive twin, and Math.Abs threw on it.
        byte[] bmp = new byte[26];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 30);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), stored);
        Assert.Equal(("BMP", 30, expected), ImageHeader.Read(bmp));
    }

    [Fact]
    public void ABmpWithTheMinimumHeightIsRefusedAsAnInvalidSize()
    {
        byte[] bmp = new byte[64];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 30);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), int.MinValue);
        var error = Assert.Throws<PhotoException>(() => PhotoDecoder.Decode(bmp));
        Assert.Contains("invalid size", error.Message, StringComparison.Ordinal);
    }
}
