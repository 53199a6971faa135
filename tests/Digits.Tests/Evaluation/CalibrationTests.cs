using Digits.Classifiers;
using Digits.Evaluation;

namespace Digits.Tests.Evaluation;

[Trait("Category", "Fast")]
public sealed class CalibrationTests
{
    [Fact]
    public void Measure_ConfidenceEqualToAccuracy_HasNoCalibrationError()
    {
        // Ten answers at 80% confidence, eight right: perfectly calibrated.
        var answers = Enumerable.Range(0, 10).Select(_ => Answer(3, 0.8)).ToArray();
        byte[] labels = [3, 3, 3, 3, 3, 3, 3, 3, 1, 1];

        Calibration calibration = Calibration.Measure(answers, labels);

        Assert.Equal(0, calibration.ExpectedCalibrationError, 9);
        Assert.Equal(0.8, Assert.Single(calibration.Bins).Accuracy, 9);
    }

    [Fact]
    public void Measure_OverconfidentAnswers_ShowTheGap_AndTheSurestAreAnsweredFirst()
    {
        // Nine right at 99%, one wrong at 60%: the wrong one is the least sure, so 90% coverage has no error.
        var answers = Enumerable.Range(0, 9).Select(_ => Answer(7, 0.99)).Append(Answer(2, 0.6)).ToArray();
        byte[] labels = [7, 7, 7, 7, 7, 7, 7, 7, 7, 5];

        Calibration calibration = Calibration.Measure(answers, labels);

        Assert.Equal((0.9 * 0.01) + (0.1 * 0.6), calibration.ExpectedCalibrationError, 9);
        Assert.Equal(0, calibration.Curve.Single(p => Math.Abs(p.Coverage - 0.9) < 1e-9).Error);
        Assert.Equal(0.1, calibration.Curve[^1].Error, 9);
    }

    [Fact]
    public void Measure_CountsThatDiffer_SaySo()
    {
        var error = Assert.Throws<ArgumentException>(() => Calibration.Measure([Answer(1, 1)], [1, 2]));
        Assert.Contains("1 answers and 2 labels", error.Message);
    }

    private static DigitPrediction Answer(int digit, double confidence)
    {
        var probabilities = new double[10];
        probabilities[digit] = confidence;
        probabilities[(digit + 1) % 10] = 1 - confidence;
        return new DigitPrediction(digit, probabilities, []);
    }
}
