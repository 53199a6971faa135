namespace Digits.Classifiers;

/// <summary>
/// How unlike any digit an answer's input is: a logistic score, fitted to tell MNIST training digits from
/// Fashion-MNIST training images (clothes, shoes, bags) and textured blank crops, on seven signs that do not rest
/// on the top probability alone:
/// the ink's fill and stroke thickness (<see cref="InkShape"/>); whether the neighbours and the network agree;
/// how sure each of them is; and the distance to the nearest training image, plain and over the typical one for the digit answered. Their products up to the third
/// degree let the signs combine. Fitted by <c>bench/fit_rejection.py</c> on features from <c>dotnet run --project bench/Digits.Benchmarks -c Release -- rejection-features</c>;
/// drawings and 28x28 images are refused as "not digit-shaped" above <see cref="Threshold"/>, which refuses 0.5% of the MNIST training
/// digits held out of the fit.
/// </summary>
public static class Novelty
{
    /// <summary>The score above which an input is taken for something other than a digit.</summary>
    public const double Threshold = 3.15028;

    /// <summary>The seven signs, in the order the coefficients use.</summary>
    /// <param name="prediction">The model's answer (an average's members give the neighbours' and the network's views).</param>
    /// <param name="shape">The ink's shape as found.</param>
    /// <returns>fill, thickness, agreement (0 or 1), log confidence of the neighbours, log confidence of the network, nearest distance / 30, and that distance over the typical one for the digit answered.</returns>
    public static double[] Signs(DigitPrediction prediction, InkShape shape)
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
            nearest / TypicalDistance[prediction.Digit],
        ];
    }

    /// <summary>The score of an answer: above <see cref="Threshold"/> means not a digit. NaN for a model without neighbours.</summary>
    /// <param name="prediction">The model's answer.</param>
    /// <param name="shape">The ink's shape as found.</param>
    /// <returns>The score (log-odds of "not a digit").</returns>
    public static double Score(DigitPrediction prediction, InkShape shape)
    {
        double[] x = Signs(prediction, shape);
        if (double.IsNaN(x[5]))
        {
            return double.NaN;
        }

        // Terms in scikit-learn's PolynomialFeatures(3) order: every product of one, two and three signs
        // (indices non-decreasing), by degree, then in lexicographic order of the indices.
        Span<double> terms = stackalloc double[Coefficients.Length];
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

        double score = Intercept;
        for (int k = 0; k < terms.Length; k++)
        {
            score += Coefficients[k] * (terms[k] - Means[k]) / Scales[k];
        }

        return score;
    }

    // Written by bench/fit_rejection.py: the median nearest distance of MNIST training digits, per digit answered.
    private static readonly double[] TypicalDistance = [22.5, 10.9, 24.4, 24.8, 22.1, 24.6, 21.3, 18.7, 26.0, 21.0];

    // Written by bench/fit_rejection.py.
    private const double Intercept = 3.8749;

    private static readonly double[] Means = [0.48142, 0.212284, 0.649545, -0.200607, -0.302759, 0.840331, 1.25759, 0.276411, 0.134065, 0.283085, -0.108559, -0.178806, 0.408583, 0.636128, 0.129238, 0.11307, -0.0505956, -0.107876, 0.169044, 0.28093, 0.649545, -0.0442651, -0.0599687, 0.511718, 0.744607, 0.130597, 0.125321, -0.189836, -0.285429, 0.294431, -0.255716, -0.440509, 0.765603, 1.09882, 1.72767, 0.181153, 0.0994102, 0.14309, -0.0714388, -0.128042, 0.234113, 0.381781, 0.115344, 0.0578688, -0.0370297, -0.0912385, 0.102852, 0.185691, 0.283085, -0.0242752, -0.0344461, 0.227273, 0.341752, 0.067186, 0.0701175, -0.1009, -0.157774, 0.182872, -0.143639, -0.263229, 0.377699, 0.558456, 0.918727, 0.199537, 0.0334677, -0.0406964, -0.140414, 0.0814944, 0.185811, 0.11307, -0.00972064, -0.0179809, 0.0890745, 0.134225, 0.0301031, 0.0400448, -0.0425375, -0.0732776, 0.127348, -0.0740717, -0.158328, 0.14777, 0.228363, 0.399089, 0.649545, -0.0442651, -0.0599687, 0.511718, 0.744607, 0.0268107, 0.017615, -0.0429456, -0.0602473, 0.0476755, -0.0537023, -0.0879714, 0.434577, 0.609818, 0.929312, -0.102583, -0.0800532, 0.126029, 0.184865, -0.120088, 0.108541, 0.179626, -0.191341, -0.276235, -0.43316, -0.347913, 0.223936, 0.42845, -0.23973, -0.376634, -0.67176, 0.74746, 1.04199, 1.56649, 2.63276];

    private static readonly double[] Scales = [0.211296, 0.290126, 0.477112, 0.300589, 0.450298, 0.243818, 0.382276, 0.23403, 0.300728, 0.250905, 0.176846, 0.32476, 0.223673, 0.411366, 0.606821, 0.143815, 0.137139, 0.424448, 0.166704, 0.441857, 0.477112, 0.157643, 0.209951, 0.415598, 0.612268, 0.278585, 0.241141, 0.304601, 0.444299, 0.608098, 0.357049, 0.671911, 0.435489, 0.576479, 1.22986, 0.226974, 0.303646, 0.181981, 0.135692, 0.289613, 0.2015, 0.390196, 0.608641, 0.128116, 0.131641, 0.424164, 0.169272, 0.451074, 0.250905, 0.0926265, 0.138854, 0.227898, 0.378506, 0.143893, 0.154304, 0.172847, 0.272607, 0.453362, 0.226294, 0.486539, 0.295627, 0.433794, 0.937807, 1.22092, 0.227921, 0.253409, 0.848811, 0.326233, 0.904586, 0.143815, 0.044899, 0.16284, 0.100885, 0.197439, 0.0916544, 0.174336, 0.0919241, 0.211393, 0.617432, 0.230266, 0.626611, 0.127375, 0.264176, 0.70026, 0.477112, 0.157643, 0.209951, 0.415598, 0.612268, 0.13129, 0.0885835, 0.160928, 0.223759, 0.247438, 0.182767, 0.311422, 0.438197, 0.597669, 1.09696, 0.327923, 0.20972, 0.29086, 0.405332, 0.293815, 0.214319, 0.356854, 0.345396, 0.479648, 0.780061, 0.899469, 0.410855, 0.895737, 0.37378, 0.554614, 1.09949, 0.649532, 0.850665, 1.41979, 3.37991];

    private static readonly double[] Coefficients = [-1.55121, -0.326378, -0.738946, -1.21908, -0.597265, 1.72898, 0.422508, 0.982344, 1.30837, -1.38619, -0.295172, 0.593741, -0.398325, 0.399045, 0.714201, -0.433603, -0.108736, 0.614543, -0.392531, -0.282438, -0.738946, -0.884202, -0.849334, 0.613118, -0.00897819, 0.703656, 0.323781, -0.086258, -0.161292, -0.140209, -0.623861, -0.849708, 0.95702, -0.0484513, 0.243168, 1.11824, 1.49417, 0.684937, 0.0485619, 0.681272, 2.7655, 2.12297, 0.603782, 2.93717, -0.0428298, 0.422872, 2.26478, 1.10815, -1.38619, -0.262432, 0.970738, -0.310889, 0.203702, -0.18821, -0.210441, 0.777117, 0.152208, -0.283807, 0.66511, 0.131772, -1.08916, -0.417826, 1.10732, 0.212129, 1.8338, -0.120452, 0.116273, 1.24391, 0.53779, -0.433603, -0.106852, 1.34222, -0.465299, -0.702787, -0.391348, -0.136859, 0.469888, -0.0534416, -0.22145, 0.803791, 0.364641, -1.27377, -0.8118, -0.240505, -0.738946, -0.884202, -0.849334, 0.613118, -0.00897819, -0.910023, 0.205024, 0.573019, 0.332284, -1.14577, -1.15022, -1.4972, 0.94394, -0.35802, 0.219229, -0.93982, -0.357443, 0.126259, 0.502771, -0.325956, 0.062522, -0.00398349, 1.10714, 0.548418, 0.517312, -0.237331, -0.46435, 0.110789, -0.726972, -0.732733, -0.866433, 0.182375, -0.415882, -0.457423, -0.000372365];
}
