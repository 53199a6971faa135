using Digits.Classifiers;
using Digits.Photos;
using OpenCvSharp;

namespace Digits.Tests.Photos;

[Trait("Category", "Fast")]
public sealed class TouchingDigitsTests
{
    // Two 60x100 blobs joined by a thin bridge at columns 60-69 of a 130-wide mark, 20 pixels from the image's edge.
    private static Mat TwoTouchingBlobs()
    {
        var mask = new Mat(140, 170, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(mask, new Rect(20, 20, 60, 100), Scalar.All(255), -1);
        Cv2.Rectangle(mask, new Rect(90, 20, 60, 100), Scalar.All(255), -1);
        Cv2.Rectangle(mask, new Rect(80, 60, 10, 4), Scalar.All(255), -1);
        return mask;
    }

    // A ring (a 0) from column 20 to 100 beside a bar (a 1) from 110 to 120, joined by a thin bridge at rows 68-71.
    private static Mat RingTouchingABar()
    {
        var mask = new Mat(140, 170, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Ellipse(mask, new RotatedRect(new Point2f(60, 70), new Size2f(80, 100), 0), Scalar.All(255), 8);
        Cv2.Rectangle(mask, new Rect(110, 20, 10, 100), Scalar.All(255), -1);
        Cv2.Rectangle(mask, new Rect(95, 68, 20, 4), Scalar.All(255), -1);
        return mask;
    }

    [Fact]
    public void Cuts_FallWhereTheInkIsThinnest()
    {
        using Mat mask = TwoTouchingBlobs();
        List<int> cuts = TouchingDigits.Cuts(mask, new Rect(20, 20, 130, 100));
        Assert.Contains(cuts, c => c >= 60 && c < 70);
        Assert.True(cuts.Count <= TouchingDigits.MaximumCuts);
    }

    [Fact]
    public void Crossings_CountTheStrokesDownEachCut()
    {
        // Given: a ring touching a bar through a thin bridge
        using Mat mask = RingTouchingABar();

        // When: cuts down the ring's middle, through the bridge, and through the bar
        int[] crossings = TouchingDigits.Crossings(mask, new Rect(16, 16, 108, 108), [44, 88, 99]);

        // Then: the ring's top and bottom, the bridge alone, the bar as one run
        Assert.Equal([2, 1, 1], crossings);
    }

    [Fact]
    public void Read_OfTwoEquallySureSplits_PrefersTheCutThatDoesNotCrossALoop()
    {
        // Given: a ring touching a bar, and a stand-in model equally sure of any part at least 25 wide, so only
        // the cuts' crossings tell the split through the ring's middle from the one between ring and bar (the
        // whole mark, wider than any of its parts, it reads unsurely)
        using Mat mask = RingTouchingABar();
        (byte[] Input, DigitPrediction Prediction) Read(Mat part, Rect box)
        {
            double confidence = box.Width <= 95 ? 0.9 : 0.4;
            double[] probabilities = new double[10];
            probabilities[box.Width >= 25 ? 0 : 1] = confidence;
            probabilities[7] = 1 - confidence;
            return (new byte[784], new DigitPrediction(box.Width >= 25 ? 0 : 1, probabilities, []));
        }

        // When
        var digits = TouchingDigits.Read(mask, Cv2.BoundingRect(mask), Read);

        // Then: the ring whole, then the bar
        Assert.Equal(2, digits.Count);
        Assert.InRange(digits[0].Box.Right, 100, 112);
        Assert.InRange(digits[1].Box.X, 100, 111);
    }

    [Fact]
    public void Read_KeepsTheSplitTheModelReadsMostSurely()
    {
        // A stand-in model: sure of parts about as wide as one blob, unsure of anything else
        using Mat mask = TwoTouchingBlobs();
        (byte[] Input, DigitPrediction Prediction) Read(Mat part, Rect box)
        {
            double confidence = box.Width is >= 55 and <= 70 ? 0.95 : 0.4;
            double[] probabilities = new double[10];
            probabilities[5] = confidence;
            probabilities[3] = 1 - confidence;
            return (new byte[784], new DigitPrediction(5, probabilities, []));
        }

        var digits = TouchingDigits.Read(mask, new Rect(20, 20, 130, 100), Read);

        Assert.Equal(2, digits.Count);
        Assert.InRange(digits[0].Box.X, 20, 21);
        Assert.InRange(digits[0].Box.Right, 78, 90);
        Assert.InRange(digits[1].Box.X, 80, 91);
        Assert.InRange(digits[1].Box.Right, 149, 150);
    }

    [Fact]
    public void Read_OfAMarkTheModelReadsSurelyWhole_KeepsItWhole()
    {
        using Mat mask = TwoTouchingBlobs();
        (byte[] Input, DigitPrediction Prediction) Read(Mat part, Rect box)
        {
            double confidence = box.Width >= 120 ? 0.99 : 0.6;
            double[] probabilities = new double[10];
            probabilities[0] = confidence;
            probabilities[8] = 1 - confidence;
            return (new byte[784], new DigitPrediction(0, probabilities, []));
        }

        var digits = TouchingDigits.Read(mask, new Rect(20, 20, 130, 100), Read);

        Assert.Equal(new Rect(20, 20, 130, 100), Assert.Single(digits).Box);
    }

    [Fact]
    public void Read_OfAMarkReadSurelyWholeButRefused_SplitsItWhenTheHalvesStand()
    {
        // Read whole the mark is a sure digit, but the refusal rule would refuse it (not digit-shaped): the two
        // halves, less sure but standing, win.
        using Mat mask = TwoTouchingBlobs();
        (byte[] Input, DigitPrediction Prediction) Read(Mat part, Rect box) =>
            (new byte[784], Answer(0, box.Width >= 120 ? 0.99 : 0.6));

        var digits = TouchingDigits.Read(mask, new Rect(20, 20, 130, 100), Read, refused: (box, _, _) => box.Width >= 120);

        Assert.Equal(2, digits.Count);
        Assert.All(digits, d => Assert.InRange(d.Box.Width, 50, 75));
    }

    [Fact]
    public void Read_OfAMarkWhoseHalvesWouldBeRefusedToo_KeepsItWhole()
    {
        using Mat mask = TwoTouchingBlobs();
        (byte[] Input, DigitPrediction Prediction) Read(Mat part, Rect box) =>
            (new byte[784], Answer(0, box.Width >= 120 ? 0.99 : 0.6));

        var digits = TouchingDigits.Read(mask, new Rect(20, 20, 130, 100), Read, refused: (_, _, _) => true);

        Assert.Equal(new Rect(20, 20, 130, 100), Assert.Single(digits).Box);
    }

    [Fact]
    public void Read_WithAFullModel_LetsItChooseAmongTheSplitsTheScreenScoresNearItsBest()
    {
        // The screen is about as sure of the whole as of the two halves; the full model is sure only of the whole.
        using Mat mask = TwoTouchingBlobs();
        var confirmed = new List<int>();
        (byte[] Input, DigitPrediction Prediction) Screen(Mat part, Rect box)
        {
            double confidence = box.Width >= 120 ? 0.9 : box.Width is >= 55 and <= 70 ? 0.95 : 0.01;
            var input = new byte[784];
            input[0] = (byte)Math.Min(255, box.Width);
            return (input, Answer(0, confidence));
        }

        DigitPrediction Confirm(byte[] input, DigitPrediction screened)
        {
            confirmed.Add(input[0]);
            return Answer(0, input[0] >= 120 ? 0.99 : 0.6);
        }

        var digits = TouchingDigits.Read(mask, new Rect(20, 20, 130, 100), Screen, Confirm);

        Assert.Equal(new Rect(20, 20, 130, 100), Assert.Single(digits).Box);
        Assert.Equal(0.99, digits[0].Prediction.Confidence, 6);
        Assert.Contains(confirmed, w => w >= 120);
        Assert.Contains(confirmed, w => w is >= 55 and <= 70);
    }

    [Fact]
    public void Read_WithAFullModel_NeverReadsAgainAPartTheScreenRuledOut()
    {
        // The screen all but rules out the whole mark (1% against 95% for each half): the full model reads only the
        // halves (sure enough of them that no slanted cut is tried).
        using Mat mask = TwoTouchingBlobs();
        var confirmed = new List<int>();
        (byte[] Input, DigitPrediction Prediction) Screen(Mat part, Rect box)
        {
            var input = new byte[784];
            input[0] = (byte)Math.Min(255, box.Width);
            return (input, Answer(0, box.Width >= 120 ? 0.01 : 0.95));
        }

        var screenedGiven = new List<double>();
        DigitPrediction Confirm(byte[] input, DigitPrediction screened)
        {
            confirmed.Add(input[0]);
            screenedGiven.Add(screened.Confidence);
            return Answer(0, input[0] >= 120 ? 0.99 : 0.95);
        }

        var digits = TouchingDigits.Read(mask, new Rect(20, 20, 130, 100), Screen, Confirm);

        Assert.Equal(2, digits.Count);
        Assert.Equal(2, confirmed.Count);
        Assert.All(confirmed, w => Assert.InRange(w, 55, 70));
        Assert.All(screenedGiven, c => Assert.Equal(0.95, c, 6)); // each part's own screening answer comes with it
        Assert.All(digits, d => Assert.Equal(0.95, d.Prediction.Confidence, 6));
    }

    [Fact]
    public void Read_OfDigitsTouchingAlongASlant_CutsAlongTheSlant()
    {
        // Two slanted bars (each leaning 0.25 to the right per row up), 2 pixels apart along the slant: every
        // column crosses ink of both, so no upright cut is thin, and only a cut along the slant parts them.
        using var mask = new Mat(140, 200, MatType.CV_8UC1, Scalar.All(0));
        for (int y = 20; y < 120; y++)
        {
            int shift = (int)Math.Round(0.25 * (70 - y));
            Cv2.Line(mask, new Point(20 + shift, y), new Point(80 + shift, y), Scalar.All(255));
            Cv2.Line(mask, new Point(83 + shift, y), new Point(143 + shift, y), Scalar.All(255));
        }

        Rect box = Cv2.BoundingRect(mask);
        int barInk = 61 * 100;
        Assert.Empty(TouchingDigits.Cuts(mask, box));
        (byte[] Input, DigitPrediction Prediction) Read(Mat part, Rect partBox)
        {
            int ink = Cv2.CountNonZero(part);
            return (new byte[784], Answer(0, Math.Abs(ink - barInk) < 0.05 * barInk ? 0.99 : 0.3));
        }

        var digits = TouchingDigits.Read(mask, box, Read);

        Assert.Equal(2, digits.Count);
        Assert.All(digits, d => Assert.Equal(0.99, d.Prediction.Confidence, 6));
        Assert.True(digits[0].Box.X < digits[1].Box.X);
    }

    private static DigitPrediction Answer(int digit, double confidence)
    {
        double[] probabilities = new double[10];
        probabilities[digit] = confidence;
        probabilities[(digit + 1) % 10] = 1 - confidence;
        return new DigitPrediction(digit, probabilities, []);
    }
}
