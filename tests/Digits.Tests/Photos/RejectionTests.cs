using Digits.Files;
using Digits.Images;
using Digits.Models;
using Digits.Photos;

namespace Digits.Tests.Photos;

/// <summary>Things that are not digits are refused with a reason; digits are not.</summary>
[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class RejectionTests(MnistFixture mnist, RejectionTests.ReaderFixture fixture) : IClassFixture<RejectionTests.ReaderFixture>
{
    public sealed class ReaderFixture(MnistFixture mnist)
    {
        private readonly Lazy<DigitReader> _reader = new(() => new DigitReader(DefaultModel.Fit(mnist.Data.Train)));

        public DigitReader Reader => _reader.Value;
    }

    private const string FashionTest = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";

    [Fact]
    public void FashionMnist_ClothesDrawnAsDigits_AreMostlyRefusedAsNotDigitShaped()
    {
        Assert.True(File.Exists(FashionTest), $"{FashionTest} is missing: apt-get install dataset-fashion-mnist (the README's install list)");
        ImageSet clothes = IdxFile.ReadImages(FashionTest);
        int refused = 0, count = 500;
        for (int i = 0; i < count; i++)
        {
            PhotoResult result = fixture.Reader.ReadDrawing(clothes[i * 20]);
            refused += result.Digits.Count == 0 || result.Digits[0].Digit is null ? 1 : 0;
        }

        // Measured 91.4% on the whole Fashion-MNIST test set; before the novelty score, 5.8%.
        Assert.True(refused >= 0.85 * count, $"{refused}/{count} clothes refused");
    }

    [Fact]
    public void MnistTestDigits_AreSeldomRefused()
    {
        int refused = 0, count = 2000;
        for (int i = 0; i < count; i++)
        {
            PhotoResult result = fixture.Reader.ReadDrawing(mnist.Data.Test.Images[i * 5]);
            refused += result.Digits[0].Digit is null ? 1 : 0;
        }

        // Measured 0.85% on the whole test set.
        Assert.True(refused <= 0.015 * count, $"{refused}/{count} MNIST test digits refused");
    }

    [Fact]
    public void AllInkDrawing_IsRefused_AsNotDigitShaped()
    {
        PhotoResult result = fixture.Reader.ReadDrawing(Enumerable.Repeat((byte)255, 784).ToArray());

        FoundDigit digit = Assert.Single(result.Digits);
        Assert.Null(digit.Digit);
        Assert.Equal("not digit-shaped", digit.Refusal);
        Assert.Equal("?", result.Text);
    }
}
