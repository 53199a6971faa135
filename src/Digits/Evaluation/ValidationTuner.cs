using Digits.Classifiers.Knn;
using Digits.Images;
using Digits.Preprocessing;
using Digits.Search;


namespace Digits.Evaluation;

/// <summary>One point of a sweep: a configuration and its validation accuracy.</summary>
/// <param name="Preprocessing">The preprocessing steps.</param>
/// <param name="Weighting">The vote weighting.</param>
/// <param name="K">The number of neighbours.</param>
/// <param name="Accuracy">Accuracy on the validation images.</param>
/// <param name="Warp">The IDM warp of the re-ranking (0 without re-ranking).</param>
/// <param name="Candidates">How many Euclidean neighbours are re-ranked (0 for none).</param>
public sealed record TuningResult(Preprocessor Preprocessing, KnnWeighting Weighting, int K, double Accuracy, int Warp = 0, int Candidates = 0)
{
    /// <summary>Gets the re-ranking as text: <c>IDM warp 2 of 100</c>, or <c>none</c>.</summary>
    public string Reranking => Candidates == 0 ? "none" : $"IDM warp {Warp} of {Candidates}";
}

/// <summary>
/// Chooses model settings on a validation split of the training set, never on the test set: the training
/// images are split into a fitting part and a held-out part (by default the last 10,000), and every
/// combination of preprocessing, weighting and k is scored on the held-out part. One search with the largest
/// k per preprocessing serves every smaller k.
/// </summary>
public static class ValidationTuner
{
    /// <summary>Sweeps the given settings.</summary>
    /// <param name="training">The full training set; the test set is never passed here.</param>
    /// <param name="validationCount">How many of the last training images are held out.</param>
    /// <param name="preprocessors">Preprocessing candidates.</param>
    /// <param name="maxK">Largest k tried (every k from 1 up is scored).</param>
    /// <param name="progress">Receives one line per preprocessing done.</param>
    /// <returns>One result per (preprocessing, weighting, k).</returns>
    public static IReadOnlyList<TuningResult> Sweep(LabeledImages training, int validationCount, IReadOnlyList<Preprocessor> preprocessors, int maxK = 15, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(preprocessors);
        if (validationCount <= 0 || validationCount >= training.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(validationCount), $"Expected 0 < validation images < {training.Count}, got {validationCount}.");
        }

        var fitPart = training.Slice(0, training.Count - validationCount);
        var heldOut = training.Slice(training.Count - validationCount, validationCount);
        var results = new List<TuningResult>();
        foreach (Preprocessor preprocessor in preprocessors)
        {
            var recognizer = PreprocessedKnnClassifier.Fit(fitPart, preprocessor, new KnnOptions { K = maxK });
            NeighborResults neighbors = recognizer.Knn.KNeighbors(preprocessor.Apply(heldOut.Images), maxK);
            foreach (KnnWeighting weighting in Enum.GetValues<KnnWeighting>())
            {
                for (int k = 1; k <= maxK; k++)
                {
                    results.Add(new TuningResult(preprocessor, weighting, k, Score(neighbors, fitPart.Labels, heldOut.Labels, k, weighting)));
                }
            }

            var best = results.Where(r => r.Preprocessing == preprocessor).MaxBy(r => r.Accuracy)!;
            progress?.Invoke($"{preprocessor}: best {best.Accuracy:P2} at k={best.K} {best.Weighting.ToString().ToLowerInvariant()}");
        }

        return results;
    }

    /// <summary>How much validation accuracy (5 images in 10,000) the recommendation gives up for speed.</summary>
    public const double Tolerance = 0.0005;

    /// <summary>
    /// The setting to use: of those within <see cref="Tolerance"/> of the best validation accuracy, the one that
    /// re-ranks the fewest candidates (none is cheapest), then with the smallest warp, then the most accurate, then the smallest k.
    /// </summary>
    /// <param name="results">Sweep results.</param>
    /// <returns>The recommended setting.</returns>
    public static TuningResult Recommend(IReadOnlyList<TuningResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        double best = results.Max(r => r.Accuracy);
        return results
            .Where(r => r.Accuracy >= best - Tolerance - 1e-12)
            .OrderBy(r => r.Candidates)
            .ThenBy(r => r.Warp)
            .ThenByDescending(r => r.Accuracy)
            .ThenBy(r => r.K)
            .First();
    }

    /// <summary>
    /// Sweeps the image distortion model's re-ranking on top of one preprocessing: for each warp, the largest
    /// candidate count is re-ranked once, and every smaller count is scored from the same ranking by keeping only
    /// the candidates that the Euclidean search puts in its first <c>n</c>.
    /// </summary>
    /// <param name="training">The full training set; the test set is never passed here.</param>
    /// <param name="validationCount">How many of the last training images are held out.</param>
    /// <param name="preprocessor">The preprocessing the candidates are searched with.</param>
    /// <param name="warps">Warps to try.</param>
    /// <param name="candidateCounts">Numbers of Euclidean candidates to try.</param>
    /// <param name="maxK">Largest k tried.</param>
    /// <param name="progress">Receives one line per warp done.</param>
    /// <returns>One result per (warp, candidates, weighting, k).</returns>
    public static IReadOnlyList<TuningResult> SweepDeformation(
        LabeledImages training, int validationCount, Preprocessor preprocessor, IReadOnlyList<int> warps, IReadOnlyList<int> candidateCounts, int maxK = 15, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(warps);
        ArgumentNullException.ThrowIfNull(candidateCounts);
        if (validationCount <= 0 || validationCount >= training.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(validationCount), $"Expected 0 < validation images < {training.Count}, got {validationCount}.");
        }

        var fitPart = training.Slice(0, training.Count - validationCount);
        var heldOut = training.Slice(training.Count - validationCount, validationCount);
        int most = candidateCounts.Max();
        var results = new List<TuningResult>();
        NeighborResults? euclidean = null;
        foreach (int warp in warps)
        {
            var model = DeformationKnnClassifier.Fit(fitPart, preprocessor, new DeformationOptions { Candidates = most, Warp = warp, K = 1 });
            euclidean ??= model.Search.Knn.KNeighbors(preprocessor.Apply(heldOut.Images), most);
            NeighborResults ranked = model.Rerank(heldOut.Images);
            foreach (int count in candidateCounts.Order())
            {
                NeighborResults kept = KeepFirstCandidates(ranked, euclidean, count);
                foreach (KnnWeighting weighting in Enum.GetValues<KnnWeighting>())
                {
                    for (int k = 1; k <= Math.Min(maxK, count); k++)
                    {
                        results.Add(new TuningResult(preprocessor, weighting, k, Score(kept, fitPart.Labels, heldOut.Labels, k, weighting), warp, count));
                    }
                }
            }

            var best = results.Where(r => r.Warp == warp).MaxBy(r => r.Accuracy)!;
            progress?.Invoke($"{preprocessor}, IDM warp {warp}: best {best.Accuracy:P2} with {best.Reranking}, k={best.K} {best.Weighting.ToString().ToLowerInvariant()}");
        }

        return results;
    }

    /// <summary>The re-ranked rows restricted to the candidates among each query's first <paramref name="count"/> Euclidean neighbours, order kept.</summary>
    private static NeighborResults KeepFirstCandidates(NeighborResults ranked, NeighborResults euclidean, int count)
    {
        var kept = new NeighborResults(ranked.QueryCount, count);
        var allowed = new HashSet<int>();
        for (int q = 0; q < ranked.QueryCount; q++)
        {
            allowed.Clear();
            allowed.UnionWith(euclidean.IndicesOf(q)[..count].ToArray());
            int j = 0;
            for (int i = 0; i < ranked.K && j < count; i++)
            {
                if (allowed.Contains(ranked.IndicesOf(q)[i]))
                {
                    kept.IndicesOf(q)[j] = ranked.IndicesOf(q)[i];
                    kept.DistancesOf(q)[j] = ranked.DistancesOf(q)[i];
                    j++;
                }
            }
        }

        return kept;
    }

    private static double Score(NeighborResults neighbors, byte[] trainingLabels, byte[] truth, int k, KnnWeighting weighting)
    {
        int correct = 0;
        Span<int> labels = stackalloc int[k];
        Span<double> votes = stackalloc double[10];
        for (int q = 0; q < neighbors.QueryCount; q++)
        {
            int digit = KnnVote.FromNeighbors(neighbors.IndicesOf(q)[..k], neighbors.DistancesOf(q)[..k], trainingLabels, weighting, TieBreak.Nearest, labels, votes);
            correct += digit == truth[q] ? 1 : 0;
        }

        return (double)correct / neighbors.QueryCount;
    }
}
