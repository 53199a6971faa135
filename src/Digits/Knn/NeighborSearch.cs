namespace Digits.Knn;

/// <summary>Picks the fastest exact engine for a training set and metric.</summary>
internal static class NeighborSearch
{
    /// <summary>Builds the search engine used by <see cref="KnnClassifier"/>.</summary>
    /// <param name="training">The training images (not copied).</param>
    /// <param name="metric">The distance.</param>
    /// <returns>An exact engine.</returns>
    public static INeighborSearch Create(ImageSet training, DistanceMetric metric)
        => new BruteForceSearch(training, metric);
}
