using Digits.Classifiers.Knn;
using Digits.Images;

namespace Digits.Search;

/// <summary>Picks the fastest exact engine for a training set and metric.</summary>
internal static class NeighborSearch
{
    /// <summary>Below this many training images the projection index does not pay for itself.</summary>
    public const int MinimumForProjection = 512;

    /// <summary>Builds the search engine used by <see cref="KnnClassifier"/>.</summary>
    /// <param name="training">The training images (not copied).</param>
    /// <param name="metric">The distance.</param>
    /// <returns>An exact engine: projection-pruned for Euclidean distance on enough images, brute force otherwise.</returns>
    public static INeighborSearch Create(ImageSet training, DistanceMetric metric)
        => metric == DistanceMetric.Euclidean && training.Count >= MinimumForProjection && training.PixelsPerImage >= 32
            ? new ProjectionPrunedSearch(training)
            : new BruteForceSearch(training, metric);
}
