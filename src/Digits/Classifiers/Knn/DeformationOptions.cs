using Digits.Kernels;


namespace Digits.Classifiers.Knn;

/// <summary>
/// Settings of a <see cref="DeformationKnnClassifier"/>: how many Euclidean candidates are re-ranked, how far a
/// pixel may move, and how the nearest re-ranked images vote. Checked by <see cref="DeformationKnnClassifier.Fit"/>.
/// </summary>
public sealed record DeformationOptions
{
    /// <summary>Gets how many nearest images by Euclidean distance are re-ranked by the deformation distance. Defaults to 50.</summary>
    public int Candidates { get; init; } = 50;

    /// <summary>Gets how far (pixels, each axis) a query pixel may look for its match. Defaults to 2.</summary>
    public int Warp { get; init; } = 2;

    /// <summary>Gets how many of the re-ranked images vote. Defaults to 3.</summary>
    public int K { get; init; } = 3;

    /// <summary>Gets how the votes are weighted. Defaults to <see cref="KnnWeighting.Uniform"/>.</summary>
    public KnnWeighting Weighting { get; init; } = KnnWeighting.Uniform;

    /// <summary>Checks every setting.</summary>
    /// <param name="trainingCount">How many images the model is fitted on.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message says the expected and actual values.</exception>
    public void Validate(int trainingCount)
    {
        if (Candidates < 1 || Candidates > trainingCount)
        {
            throw new ArgumentOutOfRangeException(nameof(Candidates), $"Expected 1 <= candidates <= training images, but candidates = {Candidates}, training images = {trainingCount}.");
        }

        if (K < 1 || K > Candidates)
        {
            throw new ArgumentOutOfRangeException(nameof(K), $"Expected 1 <= k <= candidates, but k = {K}, candidates = {Candidates}. Lower k or re-rank more candidates.");
        }

        if (Warp < 0 || Warp > DeformationDistance.MaxWarp)
        {
            throw new ArgumentOutOfRangeException(nameof(Warp), $"Expected a warp of 0 to {DeformationDistance.MaxWarp} pixels, but warp = {Warp}.");
        }

        if (!Enum.IsDefined(Weighting))
        {
            throw new ArgumentOutOfRangeException(nameof(Weighting), $"Expected uniform or distance weighting, got {(int)Weighting}.");
        }
    }

    /// <summary>A short description such as <c>IDM warp 2 of 50 candidates, k=3 uniform</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"IDM warp {Warp} of {Candidates} candidates, k={K} {Weighting.ToString().ToLowerInvariant()}";
}
