using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class DigitReaderTests(MnistFixture mnist)
{
    private static readonly Lazy<DigitReader> Reader = new(() => new DigitReader(Digits.Models.PretrainedNetwork.Network));

    [Fact]
    public void ReadDrawing_TheSameDigitDrawnLargeAndOffCentre_IsReadAsThe28x28One()
    {
        // Given: test digits, each also drawn at 4x on a 200x160 canvas, away from the centre
        int right = 0, agree = 0;
        for (int i = 0; i < 50; i++)
        {
            byte[] small = mnist.Data.Test.Images[i].ToArray();
            byte[] large = OnCanvas(small, 200, 160, x: 20, y: 30);

            // When
            PhotoResult fromSmall = Reader.Value.ReadDrawing(small);
            PhotoResult fromLarge = Reader.Value.ReadDrawing(large, 200, 160);

            // Then: the same digit, and the text always agrees with the digit (refused digits read '?')
            FoundDigit digit = Assert.Single(fromLarge.Digits);
            Assert.Equal(digit.Digit?.ToString() ?? "?", fromLarge.Text);
            right += digit.Digit == mnist.Data.Test.Labels[i] ? 1 : 0;
            agree += digit.Digit == fromSmall.Digits[0].Digit ? 1 : 0;
            Assert.True(digit.Box[0] >= 20 && digit.Box[1] >= 30, $"box {string.Join(",", digit.Box)} is in the drawing's coordinates");
        }

        Assert.True(right >= 48, $"{right} of 50 drawn large read right");
        Assert.True(agree >= 48, $"{agree} of 50 read as their 28x28 versions");
    }

    [Fact]
    public void ReadDrawing_Blank_SaysNothingIsDrawn()
    {
        PhotoResult result = Reader.Value.ReadDrawing(new byte[64 * 64], 64, 64);
        Assert.Empty(result.Digits);
        Assert.Equal("", result.Text);
        Assert.Equal("nothing is drawn", result.Message);
    }

    [Fact]
    public void ReadDrawing_BadSizes_SayWhatIsWrong()
    {
        Assert.Contains("28 to 1024 pixels", Assert.Throws<ArgumentException>(() => Reader.Value.ReadDrawing(new byte[100], 10, 10)).Message);
        Assert.Contains("has 4096 values, got 100", Assert.Throws<ArgumentException>(() => Reader.Value.ReadDrawing(new byte[100], 64, 64)).Message);
    }

    private static byte[] OnCanvas(byte[] digit, int width, int height, int x, int y)
    {
        using var small = new Mat(28, 28, MatType.CV_8UC1);
        small.SetArray(digit);
        using var large = new Mat();
        Cv2.Resize(small, large, new Size(112, 112), 0, 0, InterpolationFlags.Linear);
        using var canvas = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        large.CopyTo(canvas[new Rect(x, y, 112, 112)]);
        canvas.GetArray(out byte[] pixels);
        return pixels;
    }
}
