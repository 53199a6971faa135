using Digits.Classifiers.Knn;
using Digits.Images;

namespace Digits.Search;

/// <summary>
/// An exact k-nearest-neighbour search over a fixed training set. Every implementation returns the
/// same neighbours as brute force: rows sorted by distance, equal distances by lower training index.
/// The classifier, CLI and web app use whichever engine <see cref="NeighborSearch.Create"/> picks.
/// </summary>
internal interface INeighborSearch
{
    /// <summary>Gets the metric the engine searches with.</summary>
    DistanceMetric Metric { get; }

    /// <summary>Gets a short name of the engine for reports.</summary>
    string Name { get; }

    /// <summary>Finds the <paramref name="results"/>.K nearest training images of every query.</summary>
    /// <param name="queries">Query images, of the training images' size.</param>
    /// <param name="results">Receives the neighbours; its query count must equal <paramref name="queries"/>.Count.</param>
    /// <param name="progress">Receives the number of queries finished so far (from any thread).</param>
    /// <param name="cancellationToken">Checked between blocks of queries.</param>
    void Search(ImageSet queries, NeighborResults results, IProgress<int>? progress, CancellationToken cancellationToken);
}
