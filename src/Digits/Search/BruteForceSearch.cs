using Digits.Classifiers.Knn;
using Digits.Images;
using Digits.Kernels;


namespace Digits.Search;

/// <summary>
/// Exact search that computes every query-to-training distance with the integer kernels in
/// <see cref="ByteDistance"/>. Queries are processed in blocks on all cores, training images in
/// cache-sized chunks; each query keeps a bounded <see cref="TopK"/>. It is the reference every faster
/// engine is tested against.
/// </summary>
internal sealed class BruteForceSearch : INeighborSearch
{
    private const int QueryBlock = 16;
    private const int TrainingChunk = 1024;

    private readonly ImageSet _training;
    private readonly int[] _squaredNorms;

    /// <summary>Creates the engine over <paramref name="training"/> (not copied).</summary>
    public BruteForceSearch(ImageSet training, DistanceMetric metric)
    {
        if (training.PixelsPerImage > ByteDistance.MaxLength)
        {
            throw new ArgumentException($"Expected images of at most {ByteDistance.MaxLength} pixels, got {training.PixelsPerImage}.", nameof(training));
        }

        _training = training;
        Metric = metric;
        _squaredNorms = metric == DistanceMetric.Cosine ? ComputeSquaredNorms(training) : [];
    }

    /// <inheritdoc/>
    public DistanceMetric Metric { get; }

    /// <inheritdoc/>
    public string Name => "brute force";

    /// <inheritdoc/>
    public void Search(ImageSet queries, NeighborResults results, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        SearchGuard.Check(_training, queries, results);
        int blocks = (queries.Count + QueryBlock - 1) / QueryBlock;
        int done = 0;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, blocks, parallel, () => new TopK[QueryBlock].Select(_ => new TopK(results.K)).ToArray(), (block, _, heaps) =>
        {
            int first = block * QueryBlock;
            int count = Math.Min(QueryBlock, queries.Count - first);
            SearchBlock(queries, first, count, heaps, results);
            progress?.Report(Interlocked.Add(ref done, count));
            return heaps;
        }, _ => { });
    }

    /// <summary>Converts a kernel's exact key into the metric's distance on pixels scaled to 0..1.</summary>
    internal static double KeyToDistance(DistanceMetric metric, double key) => metric switch
    {
        DistanceMetric.Euclidean => Math.Sqrt(key) / 255.0,
        DistanceMetric.Manhattan => key / 255.0,
        _ => key,
    };

    /// <summary>Cosine distance from exact integer dot product and squared norms; 1 when either image is blank.</summary>
    internal static double CosineKey(int dot, int squaredNormA, int squaredNormB)
    {
        if (squaredNormA == 0 || squaredNormB == 0)
        {
            return 1.0;
        }

        return Math.Max(0.0, 1.0 - (dot / Math.Sqrt((double)squaredNormA * squaredNormB)));
    }

    private static int[] ComputeSquaredNorms(ImageSet images)
    {
        var norms = new int[images.Count];
        for (int i = 0; i < images.Count; i++)
        {
            norms[i] = ByteDistance.Dot(images[i], images[i]);
        }

        return norms;
    }

    private void SearchBlock(ImageSet queries, int first, int count, TopK[] heaps, NeighborResults results)
    {
        int dim = _training.PixelsPerImage;
        Span<int> queryNorms = stackalloc int[QueryBlock];
        for (int q = 0; q < count; q++)
        {
            heaps[q].Clear();
            queryNorms[q] = Metric == DistanceMetric.Cosine ? ByteDistance.Dot(queries[first + q], queries[first + q]) : 0;
        }

        byte[] trainingPixels = _training.Pixels;
        for (int chunk = 0; chunk < _training.Count; chunk += TrainingChunk)
        {
            int end = Math.Min(_training.Count, chunk + TrainingChunk);
            for (int q = 0; q < count; q++)
            {
                ReadOnlySpan<byte> query = queries[first + q];
                ref TopK heap = ref heaps[q];
                for (int t = chunk; t < end; t++)
                {
                    ReadOnlySpan<byte> reference = trainingPixels.AsSpan(t * dim, dim);
                    double key = Metric switch
                    {
                        DistanceMetric.Euclidean => ByteDistance.SquaredL2(query, reference),
                        DistanceMetric.Manhattan => ByteDistance.L1(query, reference),
                        _ => CosineKey(ByteDistance.Dot(query, reference), queryNorms[q], _squaredNorms[t]),
                    };
                    heap.Add(key, t);
                }
            }
        }

        for (int q = 0; q < count; q++)
        {
            Span<double> distances = results.DistancesOf(first + q);
            heaps[q].Drain(distances, results.IndicesOf(first + q));
            for (int j = 0; j < distances.Length; j++)
            {
                distances[j] = KeyToDistance(Metric, distances[j]);
            }
        }
    }
}
