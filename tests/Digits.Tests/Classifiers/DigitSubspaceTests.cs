using Digits.Classifiers;
using Digits.Photos;

namespace Digits.Tests.Classifiers;

/// <summary>The subspace MNIST digits span: digits lie near it, the same ink without a digit's structure far from it.</summary>
[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class DigitSubspaceTests(MnistFixture mnist)
{
    [Fact]
    public void Residual_OfTestDigits_IsSmallerThanOfTheirInkScrambled()
    {
        var random = new Random(3);
        int nearer = 0, count = 300;
        for (int i = 0; i < count; i++)
        {
            byte[] input = DrawingNormalizer.Normalize(mnist.Data.Test.Images[i * 30].ToArray(), 28, 28, out _);
            byte[] scrambled = (byte[])input.Clone();
            random.Shuffle(scrambled.AsSpan(28 * 4, 28 * 20)); // the same ink in the same rows band, without strokes
            nearer += DigitSubspace.Residual(input) < DigitSubspace.Residual(scrambled) ? 1 : 0;
        }

        Assert.True(nearer >= 0.98 * count, $"{nearer}/{count} digits nearer the subspace than their scrambled ink");
    }

    [Fact]
    public void Residual_IsNeverNegative_AndZeroOnlyInsideTheSubspace()
    {
        var random = new Random(5);
        for (int i = 0; i < 50; i++)
        {
            var noise = new byte[784];
            random.NextBytes(noise);
            Assert.True(DigitSubspace.Residual(noise) > 0);
        }

        Assert.True(DigitSubspace.Dimensions is > 1 and < 100, $"{DigitSubspace.Dimensions} directions");
    }

    [Fact]
    public void Residual_OfAnInputNotInMnistForm_NamesTheSize()
    {
        var error = Assert.Throws<ArgumentException>(() => DigitSubspace.Residual(new byte[100]));
        Assert.Contains("784", error.Message);
    }
}
