using Digits.Search;

namespace Digits.Classifiers.Knn;

/// <summary>
/// Settings of a <see cref="KnnClassifier"/>. They are checked by <see cref="KnnClassifier.Fit"/>, not here.
/// </summary>
/// <remarks>
/// Equal distances are ordered by lower training index, so results never depend on thread timing.
/// A tied vote is settled by <see cref="Tie"/>. With <see cref="KnnWeighting.Distance"/> weights, training
/// images at distance 0 from the query take all the weight.
/// </remarks>
public sealed record KnnOptions
{
    /// <summary>Gets the number of neighbours that vote. Defaults to 3.</summary>
    public int K { get; init; } = 3;

    /// <summary>Gets how votes are weighted. Defaults to <see cref="KnnWeighting.Uniform"/>.</summary>
    public KnnWeighting Weighting { get; init; } = KnnWeighting.Uniform;

    /// <summary>Gets the distance. Defaults to <see cref="DistanceMetric.Euclidean"/>.</summary>
    public DistanceMetric Metric { get; init; } = DistanceMetric.Euclidean;

    /// <summary>Gets the tie rule. Defaults to <see cref="TieBreak.Nearest"/>.</summary>
    public TieBreak Tie { get; init; } = TieBreak.Nearest;

    /// <summary>
    /// Gets the notebook's model exactly: k = 3, uniform weights, Euclidean distance and scikit-learn's
    /// tie rule (smallest digit), whatever the defaults become.
    /// </summary>
    public static KnnOptions Seed { get; } = new() { K = 3, Weighting = KnnWeighting.Uniform, Metric = DistanceMetric.Euclidean, Tie = TieBreak.Lowest };

    /// <summary>Checks every setting against the number of training images.</summary>
    /// <param name="trainingCount">How many images the model is fitted on.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message says the expected and actual values.</exception>
    public void Validate(int trainingCount)
    {
        if (K < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(K), $"Expected k >= 1, but k = {K}.");
        }

        if (K > trainingCount)
        {
            throw new ArgumentOutOfRangeException(nameof(K), $"Expected k <= training images, but k = {K}, training images = {trainingCount}. Lower k or add data.");
        }

        if (!Enum.IsDefined(Weighting))
        {
            throw new ArgumentOutOfRangeException(nameof(Weighting), $"Expected uniform or distance weighting, got {(int)Weighting}.");
        }

        if (!Enum.IsDefined(Metric))
        {
            throw new ArgumentOutOfRangeException(nameof(Metric), $"Expected euclidean, manhattan or cosine, got {(int)Metric}.");
        }

        if (!Enum.IsDefined(Tie))
        {
            throw new ArgumentOutOfRangeException(nameof(Tie), $"Expected the nearest or lowest tie rule, got {(int)Tie}.");
        }
    }

    /// <summary>A short description such as <c>k=3 uniform euclidean tie=lowest</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"k={K} {Weighting.ToString().ToLowerInvariant()} {Metric.ToString().ToLowerInvariant()} tie={Tie.ToString().ToLowerInvariant()}";
}
