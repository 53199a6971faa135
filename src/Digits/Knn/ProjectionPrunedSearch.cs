using Digits.Kernels;

namespace Digits.Knn;

/// <summary>
/// Exact Euclidean search that skips most of the work. At fit time every training image is projected onto
/// its leading principal directions (<see cref="PrincipalSubspace"/>); with the length of what lies outside
/// them this gives, for any pair, a cheap lower bound of the squared distance:
/// |P(x - y)|² + (|r_x| - |r_y|)² &lt;= |x - y|², where r is the part outside the subspace.
/// A query first takes its k-th best exact distance among a few promising seeds as a threshold; then
/// 16 training images at a time get their bound (<see cref="ProjectedBound"/>) and only those whose bound
/// does not exceed the threshold get their exact integer distance (<see cref="ByteDistance"/>).
/// </summary>
/// <remarks>
/// A candidate is skipped only when its bound exceeds threshold x (1 + 1e-5) + 64 (in units of pixel
/// value²), a margin far wider than the float rounding of the projections, so a skipped image is
/// provably farther than the k-th neighbour: the neighbours, their distances and the order of ties (by
/// training index) equal <see cref="BruteForceSearch"/>'s bit for bit.
/// </remarks>
internal sealed class ProjectionPrunedSearch : INeighborSearch
{
    /// <summary>Principal directions used for the bound.</summary>
    public const int DefaultComponents = 32;

    private const int QueryBlock = 32;
    private const int GroupsPerChunk = 256;
    private const int SeedSample = 1024;
    private const float Far = 1e18f;

    private readonly ImageSet _training;
    private readonly PrincipalSubspace _subspace;
    private readonly int _coordinates;
    private readonly float[] _groups;
    private readonly int _groupCount;
    private readonly float[] _seedGroups;
    private readonly int[] _seedIndices;
    private readonly int[] _pixelOrder;
    private readonly byte[] _reordered;

    /// <summary>Projects and packs the training images.</summary>
    public ProjectionPrunedSearch(ImageSet training, int components = DefaultComponents)
    {
        _training = training;
        _subspace = PrincipalSubspace.Fit(training, components);
        _coordinates = _subspace.Components + 1;
        _groupCount = (training.Count + ProjectedBound.Lanes - 1) / ProjectedBound.Lanes;
        _groups = Pack(Enumerable.Range(0, training.Count).ToArray(), _groupCount);

        int stride = Math.Max(1, training.Count / SeedSample);
        _seedIndices = Enumerable.Range(0, Math.Min(SeedSample, training.Count)).Select(i => i * stride).Where(i => i < training.Count).ToArray();
        _seedGroups = Pack(_seedIndices, (_seedIndices.Length + ProjectedBound.Lanes - 1) / ProjectedBound.Lanes);

        // Pixels reordered by decreasing variance (the same for every image, so distances are unchanged):
        // an exact distance that will not make the top k usually stops after the first few cache lines.
        _pixelOrder = PixelsByVariance(training);
        _reordered = new byte[training.Pixels.Length];
        Parallel.For(0, training.Count, i => Reorder(training[i], _reordered.AsSpan(i * training.PixelsPerImage, training.PixelsPerImage)));
    }

    /// <inheritdoc/>
    public DistanceMetric Metric => DistanceMetric.Euclidean;

    /// <inheritdoc/>
    public string Name => $"projection-pruned ({_subspace.Components} principal directions)";

    /// <summary>Gets how many exact distances the last <see cref="Search"/> computed (for benchmarks).</summary>
    public long LastExactDistances { get; private set; }

    /// <inheritdoc/>
    public void Search(ImageSet queries, NeighborResults results, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        SearchGuard.Check(_training, queries, results);
        int blocks = (queries.Count + QueryBlock - 1) / QueryBlock;
        int done = 0;
        long exact = 0;
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, blocks, parallel, () => new BlockState(results.K, _coordinates, _subspace.Dimensions), (block, _, state) =>
        {
            int first = block * QueryBlock;
            int count = Math.Min(QueryBlock, queries.Count - first);
            state.Exact += SearchBlock(queries, first, count, state, results);
            progress?.Report(Interlocked.Add(ref done, count));
            return state;
        }, state => Interlocked.Add(ref exact, state.Exact));
        LastExactDistances = exact;
    }

    private long SearchBlock(ImageSet queries, int first, int count, BlockState state, NeighborResults results)
    {
        long exact = 0;
        int coordinates = _coordinates;
        for (int q = 0; q < count; q++)
        {
            ReadOnlySpan<byte> query = queries[first + q];
            Span<float> point = state.Points.AsSpan(q * coordinates, coordinates);
            ProjectInto(query, point, state);
            Reorder(query, state.Queries.AsSpan(q * query.Length, query.Length));
            state.Heaps[q].Clear();
            state.Seeds[q] = SeedThreshold(query, point, state, results.K, ref exact);
        }

        int dim = _training.PixelsPerImage;
        Span<float> thresholds = stackalloc float[4];
        Span<uint> masks = stackalloc uint[4];
        for (int chunk = 0; chunk < _groupCount; chunk += GroupsPerChunk)
        {
            int end = Math.Min(_groupCount, chunk + GroupsPerChunk);
            int q = 0;
            for (; q + 4 <= count; q += 4)
            {
                // Four queries share each group's loads; each query still sees the groups in the same order.
                ReadOnlySpan<float> points = state.Points.AsSpan(q * coordinates, 4 * coordinates);
                for (int i = 0; i < 4; i++)
                {
                    thresholds[i] = Margin(Math.Min(state.Seeds[q + i], state.Heaps[q + i].Threshold));
                }

                for (int g = chunk; g < end; g++)
                {
                    ProjectedBound.SurvivorsOfFour(points, _groups.AsSpan(g * coordinates * ProjectedBound.Lanes, coordinates * ProjectedBound.Lanes), thresholds, masks);
                    for (int i = 0; i < 4; i++)
                    {
                        if (masks[i] != 0)
                        {
                            exact += ExactDistances(masks[i], g, state.Queries.AsSpan((q + i) * dim, dim), ref state.Heaps[q + i], state.Seeds[q + i]);
                            thresholds[i] = Margin(Math.Min(state.Seeds[q + i], state.Heaps[q + i].Threshold));
                        }
                    }
                }
            }

            for (; q < count; q++)
            {
                ReadOnlySpan<byte> query = state.Queries.AsSpan(q * dim, dim);
                ReadOnlySpan<float> point = state.Points.AsSpan(q * coordinates, coordinates);
                ref TopK heap = ref state.Heaps[q];
                float threshold = Margin(Math.Min(state.Seeds[q], heap.Threshold));
                for (int g = chunk; g < end; g++)
                {
                    uint survivors = ProjectedBound.Survivors(point, _groups.AsSpan(g * coordinates * ProjectedBound.Lanes, coordinates * ProjectedBound.Lanes), threshold);
                    if (survivors != 0)
                    {
                        exact += ExactDistances(survivors, g, query, ref heap, state.Seeds[q]);
                        threshold = Margin(Math.Min(state.Seeds[q], heap.Threshold));
                    }
                }
            }
        }

        for (int q = 0; q < count; q++)
        {
            Span<double> distances = results.DistancesOf(first + q);
            state.Heaps[q].Drain(distances, results.IndicesOf(first + q));
            for (int j = 0; j < distances.Length; j++)
            {
                distances[j] = BruteForceSearch.KeyToDistance(DistanceMetric.Euclidean, distances[j]);
            }
        }

        return exact;
    }

    // Exact distances of one group's survivors, into the query's heap; returns how many were computed.
    private int ExactDistances(uint survivors, int group, ReadOnlySpan<byte> query, ref TopK heap, double seed)
    {
        int dim = _training.PixelsPerImage;
        int computed = 0;
        while (survivors != 0)
        {
            int lane = System.Numerics.BitOperations.TrailingZeroCount(survivors);
            survivors &= survivors - 1;
            int t = (group * ProjectedBound.Lanes) + lane;
            int limit = (int)Math.Min(int.MaxValue, Math.Min(seed, heap.Threshold));
            int distance = ByteDistance.SquaredL2Bounded(query, _reordered.AsSpan(t * dim, dim), limit);
            if (distance <= limit)
            {
                heap.Add(distance, t);
            }

            computed++;
        }

        return computed;
    }

    // An upper bound of the k-th neighbour's squared distance: the k-th best exact distance among the
    // seeds with the smallest bounds.
    private double SeedThreshold(ReadOnlySpan<byte> query, ReadOnlySpan<float> point, BlockState state, int k, ref long exact)
    {
        int take = Math.Min(_seedIndices.Length, Math.Max(8, 2 * k));
        if (take < k)
        {
            return double.PositiveInfinity;
        }

        Span<float> bounds = state.SeedBounds;
        for (int g = 0; g * ProjectedBound.Lanes < _seedIndices.Length; g++)
        {
            ProjectedBound.Bounds(point, _seedGroups.AsSpan(g * _coordinates * ProjectedBound.Lanes, _coordinates * ProjectedBound.Lanes), bounds.Slice(g * ProjectedBound.Lanes, ProjectedBound.Lanes));
        }

        var best = new TopK(take);
        for (int s = 0; s < _seedIndices.Length; s++)
        {
            best.Add(bounds[s], s);
        }

        Span<double> keys = stackalloc double[take];
        Span<int> seeds = stackalloc int[take];
        int n = best.Drain(keys, seeds);
        var kth = new TopK(k);
        int dim = _training.PixelsPerImage;
        for (int i = 0; i < n; i++)
        {
            int t = _seedIndices[seeds[i]];
            kth.Add(ByteDistance.SquaredL2(query, _training[t]), t);
        }

        exact += n;
        return kth.Threshold;
    }

    private void Reorder(ReadOnlySpan<byte> image, Span<byte> target)
    {
        for (int p = 0; p < _pixelOrder.Length; p++)
        {
            target[p] = image[_pixelOrder[p]];
        }
    }

    private static int[] PixelsByVariance(ImageSet images)
    {
        int d = images.PixelsPerImage;
        var sum = new double[d];
        var squares = new double[d];
        int step = Math.Max(1, images.Count / 8192);
        int n = 0;
        for (int i = 0; i < images.Count; i += step, n++)
        {
            ReadOnlySpan<byte> image = images[i];
            for (int p = 0; p < d; p++)
            {
                sum[p] += image[p];
                squares[p] += image[p] * image[p];
            }
        }

        return Enumerable.Range(0, d).OrderByDescending(p => squares[p] - (sum[p] * sum[p] / n)).ThenBy(p => p).ToArray();
    }

    private static float Margin(double threshold)
        => double.IsPositiveInfinity(threshold) ? float.PositiveInfinity : (float)((threshold * (1 + 1e-5)) + 64);

    private void ProjectInto(ReadOnlySpan<byte> image, Span<float> point, BlockState state)
    {
        double outside = _subspace.Project(image, state.Centred, state.Coordinates);
        for (int c = 0; c < _subspace.Components; c++)
        {
            point[c] = (float)state.Coordinates[c];
        }

        point[_subspace.Components] = (float)Math.Sqrt(outside);
    }

    // Coordinate-major groups of 16: value j of image (g * 16 + lane) at [(g * coordinates + j) * 16 + lane].
    // Lanes past the last image get a far-away residual so their bound never passes.
    private float[] Pack(int[] indices, int groupCount)
    {
        int coordinates = _coordinates;
        float[] packed = new float[groupCount * coordinates * ProjectedBound.Lanes];
        Parallel.For(0, groupCount, () => (new double[_subspace.Dimensions], new double[_subspace.Components]), (g, _, buffers) =>
        {
            for (int lane = 0; lane < ProjectedBound.Lanes; lane++)
            {
                int i = (g * ProjectedBound.Lanes) + lane;
                int baseOffset = g * coordinates * ProjectedBound.Lanes;
                if (i >= indices.Length)
                {
                    packed[baseOffset + (_subspace.Components * ProjectedBound.Lanes) + lane] = Far;
                    continue;
                }

                double outside = _subspace.Project(_training[indices[i]], buffers.Item1, buffers.Item2);
                for (int c = 0; c < _subspace.Components; c++)
                {
                    packed[baseOffset + (c * ProjectedBound.Lanes) + lane] = (float)buffers.Item2[c];
                }

                packed[baseOffset + (_subspace.Components * ProjectedBound.Lanes) + lane] = (float)Math.Sqrt(outside);
            }

            return buffers;
        }, _ => { });
        return packed;
    }

    /// <summary>Per-thread scratch space for one block of queries.</summary>
    private sealed class BlockState(int k, int coordinates, int dimensions)
    {
        public TopK[] Heaps { get; } = Enumerable.Range(0, QueryBlock).Select(_ => new TopK(k)).ToArray();

        public double[] Seeds { get; } = new double[QueryBlock];

        public float[] Points { get; } = new float[QueryBlock * coordinates];

        public float[] SeedBounds { get; } = new float[SeedSample + ProjectedBound.Lanes];

        public double[] Centred { get; } = new double[dimensions];

        public double[] Coordinates { get; } = new double[coordinates];

        public byte[] Queries { get; } = new byte[QueryBlock * dimensions];

        public long Exact { get; set; }
    }
}
