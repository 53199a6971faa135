using Digits.Classifiers;
using Digits.Photos;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class PhotoResultTests
{
    [Fact]
    public void IndexOf_ALinesDigit_IsItsPlaceInDigits_AndAForeignDigitIsNamedAsSuch()
    {
        FoundDigit first = Digit(1), second = Digit(2), foreign = Digit(2);
        var number = new FoundNumber("12", [0, 0, 60, 40], [first, second]);
        var result = new PhotoResult("12", [new FoundLine("12", [0, 0, 60, 40], [number])], [first, second], null, [], ReadingTimings.Of(0, 0, 0, 0));

        Assert.Equal([0, 1], number.Digits.Select(result.IndexOf));
        var error = Assert.Throws<ArgumentException>(() => result.IndexOf(foreign));
        Assert.Contains("not one of this reading's", error.Message);
    }

    // Each digit has arrays of its own, so two digits that read the same are still two digits.
    private static FoundDigit Digit(int digit)
    {
        var probabilities = new double[10];
        probabilities[digit] = 1;
        return new FoundDigit(digit, 1, [0, 0, 30, 40], new byte[784], new DigitPrediction(digit, probabilities, []));
    }
}
