using Digits.Images;

namespace Digits.Classifiers;

/// <summary>
/// How unlike any digit an answer's input is: a logistic score on eight signs that do not rest on the top
/// probability alone. They are the ink's fill and stroke thickness (<see cref="InkShape"/>); whether the neighbours
/// and the network agree; how sure each of them is; the distance to the nearest training image, plain and over the
/// typical one for the digit answered; how far the input lies outside the subspace MNIST digits span
/// (<see cref="DigitSubspace"/>); and the input's width over its height (digits stand upright; shoes and bags lie flat). Their products up to the third degree let the signs combine.
/// Drawings and photos each have their own score (<see cref="ForDrawings"/>, <see cref="ForPhotos"/>), because a
/// photo's marks are found, thresholded and thickened before they are read, and so stand apart from drawn ones.
/// Each is fitted by <c>bench/fit_rejection.py</c> to tell MNIST training digits from Fashion-MNIST training images
/// (clothes, shoes, bags) and blank paper, on signs from <c>dotnet run --project bench/Digits.Benchmarks -c Release -- rejection-features</c>.
/// </summary>
public sealed partial class Novelty
{
    private readonly double[] _typicalDistance;
    private readonly double _intercept;
    private readonly double[] _means;
    private readonly double[] _scales;
    private readonly double[] _coefficients;

    private Novelty(double threshold, double[] typicalDistance, double intercept, double[] means, double[] scales, double[] coefficients)
    {
        Threshold = threshold;
        _typicalDistance = typicalDistance;
        _intercept = intercept;
        _means = means;
        _scales = scales;
        _coefficients = coefficients;
    }

    /// <summary>Gets the number of signs.</summary>
    public static int SignCount => 9;

    /// <summary>Gets the score above which an input is taken for something other than a digit: the one that refuses 0.5% of the MNIST training digits held out of the fit.</summary>
    public double Threshold { get; }

    /// <summary>The signs, in the order the coefficients use.</summary>
    /// <param name="prediction">The model's answer (an average's members give the neighbours' and the network's views).</param>
    /// <param name="shape">The ink's shape as found.</param>
    /// <param name="input">The 28x28 input the answer was read from.</param>
    /// <returns>fill, thickness, agreement (0 or 1), log confidence of the neighbours, log confidence of the network,
    /// nearest distance / 30, the nearest distance itself (each score divides it by the typical distance for the digit answered), the distance from the digit subspace,
    /// and the log of the input's ink width over its height.</returns>
    public static double[] Signs(DigitPrediction prediction, InkShape shape, ReadOnlySpan<byte> input)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        DigitPrediction neighbours = prediction.Members.Count == 2 ? prediction.Members[0] : prediction;
        DigitPrediction network = prediction.Members.Count == 2 ? prediction.Members[1] : prediction;
        double nearest = prediction.Neighbors.Length > 0 ? prediction.Neighbors[0].Distance : double.NaN;
        return
        [
            shape.Fill,
            shape.Thickness,
            neighbours.Digit == network.Digit ? 1 : 0,
            Math.Log(neighbours.Confidence + 1e-6),
            Math.Log(network.Confidence + 1e-6),
            nearest / 30,
            nearest,
            DigitSubspace.Residual(input),
            LogAspect(input),
        ];
    }

    /// <summary>The score of an answer: above <see cref="Threshold"/> means not a digit. NaN for a model without neighbours.</summary>
    /// <param name="prediction">The model's answer.</param>
    /// <param name="shape">The ink's shape as found.</param>
    /// <param name="input">The 28x28 input the answer was read from.</param>
    /// <returns>The score (log-odds of "not a digit").</returns>
    public double Score(DigitPrediction prediction, InkShape shape, ReadOnlySpan<byte> input)
    {
        double[] x = Signs(prediction, shape, input);
        if (double.IsNaN(x[5]))
        {
            return double.NaN;
        }

        x[6] /= _typicalDistance[prediction.Digit];

        // Terms in scikit-learn's PolynomialFeatures(3) order: every product of one, two and three signs
        // (indices non-decreasing), by degree, then in lexicographic order of the indices.
        Span<double> terms = stackalloc double[_coefficients.Length];
        int t = 0;
        for (int i = 0; i < x.Length; i++)
        {
            terms[t++] = x[i];
        }

        for (int i = 0; i < x.Length; i++)
        {
            for (int j = i; j < x.Length; j++)
            {
                terms[t++] = x[i] * x[j];
            }
        }

        for (int i = 0; i < x.Length; i++)
        {
            for (int j = i; j < x.Length; j++)
            {
                for (int k = j; k < x.Length; k++)
                {
                    terms[t++] = x[i] * x[j] * x[k];
                }
            }
        }

        double score = _intercept;
        for (int k = 0; k < terms.Length; k++)
        {
            score += _coefficients[k] * (terms[k] - _means[k]) / _scales[k];
        }

        return score;
    }

    // The log of the width over the height of the box round the input's ink (pixels above a quarter of full).
    private static double LogAspect(ReadOnlySpan<byte> input)
        => InkBox.TryFind<byte>(input, (int)Math.Sqrt(input.Length), 64, out InkBox box) ? Math.Log(box.Width / (double)box.Height) : 0;

    /// <summary>Whether an answer's input is taken for something other than a digit (a score above <see cref="Threshold"/>).</summary>
    /// <param name="prediction">The model's answer.</param>
    /// <param name="shape">The ink's shape as found.</param>
    /// <param name="input">The 28x28 input the answer was read from.</param>
    /// <returns>True when it is not digit-shaped; false for a digit, or for a model without neighbours.</returns>
    public bool IsNovel(DigitPrediction prediction, InkShape shape, ReadOnlySpan<byte> input) => Score(prediction, shape, input) > Threshold;
}
