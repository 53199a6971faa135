using Digits.Classifiers.Knn;
using Digits.Images;
using Digits.Kernels;


namespace Digits.Search;

/// <summary>
/// Exact Euclidean search that skips most of the work. At fit time every training image is projected onto
/// its leading principal directions (<see cref="PrincipalSubspace"/>); with the length of what lies outside
/// them this gives, for any pair, a cheap lower bound of the squared distance:
/// |P(x - y)|² + (|r_x| - |r_y|)² &lt;= |x - y|², where r is the part outside the subspace.
/// The bound is the squared distance between the points z = (Px, |r_x|), which are stored rounded to
/// 16-bit integers (scaled so that no sum can overflow), so one integer multiply-add handles two
/// coordinates of 16 images (<see cref="QuantizedBound"/>).
/// A query first takes its k-th best exact distance among a few promising seeds as a threshold; then
/// 16 training images at a time get their bound and only those whose bound does not exceed the threshold
/// get their exact integer distance (<see cref="ByteDistance"/>).
/// </summary>
/// <remarks>
/// Why no neighbour is ever skipped: if |x - y|² &lt;= T then |z_x - z_y| &lt;= sqrt(T); scaling by s and
/// rounding each of the n coordinates moves each point by at most sqrt(n) / 2, so the integer distance is at
/// most (s sqrt(T') + sqrt(n) + 1)², with T' = T x (1 + 1e-5) + 64 (in units of pixel value²) covering the
/// floating-point error of the projections. A candidate is skipped only above that, so a skipped image is
/// provably farther than the k-th neighbour: the neighbours, their distances and the order of ties (by
/// training index) equal <see cref="BruteForceSearch"/>'s bit for bit.
/// </remarks>
internal sealed class ProjectionPrunedSearch : INeighborSearch
{
    /// <summary>Principal directions used for the bound.</summary>
    public const int DefaultComponents = 64;

    private const int QueryBlock = 32;
    private const int GroupsPerChunk = 256;
    private const int SeedSample = 1024;
    private readonly ImageSet _training;
    private readonly PrincipalSubspace _subspace;
    private readonly int _coordinates;
    private readonly double _scale;
    private readonly short[] _groups;
    private readonly int[] _groupNorms;
    private readonly int _groupCount;
    private readonly short[] _seedGroups;
    private readonly int[] _seedNorms;
    private readonly int[] _seedIndices;

    // Scratch of finished searches, by k, so that one-image searches (the web app's) do not allocate it each time.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, System.Collections.Concurrent.ConcurrentBag<BlockState>> _spare = new();

    /// <summary>Projects and packs the training images.</summary>
    public ProjectionPrunedSearch(ImageSet training, int components = DefaultComponents)
    {
        _training = training;
        _subspace = PrincipalSubspace.Fit(training, components);
        _coordinates = (_subspace.Components + 2) & ~1;

        // Every image lies within 255 sqrt(d) of the mean, and so does every z: coordinates stay within
        // 16 bits and a squared distance within (128 x 255 + sqrt(n))², well inside an int.
        _scale = 128 / Math.Sqrt(training.PixelsPerImage);
        _groupCount = (training.Count + QuantizedBound.Lanes - 1) / QuantizedBound.Lanes;
        (_groups, _groupNorms) = Pack(Enumerable.Range(0, training.Count).ToArray(), _groupCount);

        int stride = Math.Max(1, training.Count / SeedSample);
        _seedIndices = Enumerable.Range(0, Math.Min(SeedSample, training.Count)).Select(i => i * stride).Where(i => i < training.Count).ToArray();
        (_seedGroups, _seedNorms) = Pack(_seedIndices, (_seedIndices.Length + QuantizedBound.Lanes - 1) / QuantizedBound.Lanes);
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
        var spare = _spare.GetOrAdd(results.K, _ => []);
        if (blocks == 1)
        {
            BlockState state = spare.TryTake(out var reused) ? reused : new BlockState(results.K, _coordinates, _subspace.Dimensions);
            exact = SearchBlock(queries, 0, queries.Count, state, results);
            spare.Add(state);
            progress?.Report(queries.Count);
            LastExactDistances = exact;
            return;
        }

        Parallel.For(0, blocks, parallel, () => spare.TryTake(out var reused) ? reused : new BlockState(results.K, _coordinates, _subspace.Dimensions), (block, _, state) =>
        {
            int first = block * QueryBlock;
            int count = Math.Min(QueryBlock, queries.Count - first);
            state.Exact += SearchBlock(queries, first, count, state, results);
            progress?.Report(Interlocked.Add(ref done, count));
            return state;
        }, state =>
        {
            Interlocked.Add(ref exact, state.Exact);
            state.Exact = 0;
            spare.Add(state);
        });
        LastExactDistances = exact;
    }

    private long SearchBlock(ImageSet queries, int first, int count, BlockState state, NeighborResults results)
    {
        long exact = 0;
        int coordinates = _coordinates;
        int groupSize = coordinates * QuantizedBound.Lanes;
        for (int q = 0; q < count; q++)
        {
            ReadOnlySpan<byte> query = queries[first + q];
            Span<short> point = state.Points.AsSpan(q * coordinates, coordinates);
            state.Norms[q] = ProjectInto(query, point, state);
            state.Heaps[q].Clear();
            state.Seeds[q] = SeedThreshold(query, point, state.Norms[q], state, results.K, ref exact);
        }

        Span<int> thresholds = stackalloc int[4];
        Span<uint> masks = stackalloc uint[4];
        for (int chunk = 0; chunk < _groupCount; chunk += GroupsPerChunk)
        {
            int end = Math.Min(_groupCount, chunk + GroupsPerChunk);
            int q = 0;
            for (; q + 4 <= count; q += 4)
            {
                // Four queries share each group's loads; each query still sees the groups in the same order.
                ReadOnlySpan<short> points = state.Points.AsSpan(q * coordinates, 4 * coordinates);
                ReadOnlySpan<int> norms = state.Norms.AsSpan(q, 4);
                for (int i = 0; i < 4; i++)
                {
                    thresholds[i] = BoundThreshold(Math.Min(state.Seeds[q + i], state.Heaps[q + i].Threshold));
                }

                for (int g = chunk; g < end; g++)
                {
                    QuantizedBound.SurvivorsOfFour(points, norms, _groups.AsSpan(g * groupSize, groupSize), _groupNorms.AsSpan(g * QuantizedBound.Lanes, QuantizedBound.Lanes), thresholds, masks);
                    for (int i = 0; i < 4; i++)
                    {
                        if (masks[i] != 0)
                        {
                            exact += ExactDistances(masks[i], g, queries[first + q + i], ref state.Heaps[q + i], state.Seeds[q + i]);
                            thresholds[i] = BoundThreshold(Math.Min(state.Seeds[q + i], state.Heaps[q + i].Threshold));
                        }
                    }
                }
            }

            for (; q < count; q++)
            {
                ReadOnlySpan<byte> query = queries[first + q];
                ReadOnlySpan<short> point = state.Points.AsSpan(q * coordinates, coordinates);
                ref TopK heap = ref state.Heaps[q];
                int threshold = BoundThreshold(Math.Min(state.Seeds[q], heap.Threshold));
                for (int g = chunk; g < end; g++)
                {
                    uint survivors = QuantizedBound.Survivors(point, state.Norms[q], _groups.AsSpan(g * groupSize, groupSize), _groupNorms.AsSpan(g * QuantizedBound.Lanes, QuantizedBound.Lanes), threshold);
                    if (survivors != 0)
                    {
                        exact += ExactDistances(survivors, g, query, ref heap, state.Seeds[q]);
                        threshold = BoundThreshold(Math.Min(state.Seeds[q], heap.Threshold));
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
        int computed = 0;
        while (survivors != 0)
        {
            int lane = System.Numerics.BitOperations.TrailingZeroCount(survivors);
            survivors &= survivors - 1;
            int t = (group * QuantizedBound.Lanes) + lane;
            if (t >= _training.Count)
            {
                break; // the padding lanes of the last group
            }

            int limit = (int)Math.Min(int.MaxValue, Math.Min(seed, heap.Threshold));
            int distance = ByteDistance.SquaredL2Bounded(query, _training[t], limit);
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
    private double SeedThreshold(ReadOnlySpan<byte> query, ReadOnlySpan<short> point, int norm, BlockState state, int k, ref long exact)
    {
        int take = Math.Min(_seedIndices.Length, Math.Max(8, 2 * k));
        if (take < k)
        {
            return double.PositiveInfinity;
        }

        Span<int> bounds = state.SeedBounds;
        int groupSize = _coordinates * QuantizedBound.Lanes;
        for (int g = 0; g * QuantizedBound.Lanes < _seedIndices.Length; g++)
        {
            QuantizedBound.Distances(point, norm, _seedGroups.AsSpan(g * groupSize, groupSize), _seedNorms.AsSpan(g * QuantizedBound.Lanes, QuantizedBound.Lanes), bounds.Slice(g * QuantizedBound.Lanes, QuantizedBound.Lanes));
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
        for (int i = 0; i < n; i++)
        {
            int t = _seedIndices[seeds[i]];
            kth.Add(ByteDistance.SquaredL2(query, _training[t]), t);
        }

        exact += n;
        return kth.Threshold;
    }

    // The largest integer bound that may still belong to an image within squared distance threshold
    // (see the remarks on the class).
    private int BoundThreshold(double threshold)
    {
        if (double.IsPositiveInfinity(threshold))
        {
            return int.MaxValue;
        }

        double radius = (_scale * Math.Sqrt((threshold * (1 + 1e-5)) + 64)) + Math.Sqrt(_coordinates) + 1;
        return (int)Math.Min(int.MaxValue, Math.Ceiling(radius * radius));
    }

    // Writes the image's rounded, scaled z (projection, then the length outside the subspace, then a zero
    // when needed to make the count even); returns its squared length.
    private int ProjectInto(ReadOnlySpan<byte> image, Span<short> point, BlockState state)
    {
        double outside = _subspace.Project(image, state.Centred, state.Coordinates);
        point.Clear();
        for (int c = 0; c < _subspace.Components; c++)
        {
            point[c] = Quantize(state.Coordinates[c]);
        }

        point[_subspace.Components] = Quantize(Math.Sqrt(outside));
        return QuantizedBound.SquaredLength(point);
    }

    private short Quantize(double value) => (short)Math.Clamp(Math.Round(value * _scale), short.MinValue + 1, short.MaxValue);

    // Groups of 16 in the layout of QuantizedBound: coordinates 2p and 2p + 1 of image (g * 16 + lane) at
    // [(g * coordinates) + (p * 16 + lane) * 2 + {0, 1}], and the images' squared lengths beside.
    // Lanes past the last image stay zero; the search skips them by index.
    private (short[] Groups, int[] Norms) Pack(int[] indices, int groupCount)
    {
        int coordinates = _coordinates;
        short[] packed = new short[groupCount * coordinates * QuantizedBound.Lanes];
        int[] norms = new int[groupCount * QuantizedBound.Lanes];
        Parallel.For(0, groupCount, () => new BlockState(1, coordinates, _subspace.Dimensions), (g, _, state) =>
        {
            Span<short> point = state.Points.AsSpan(0, coordinates);
            for (int lane = 0; lane < QuantizedBound.Lanes; lane++)
            {
                int i = (g * QuantizedBound.Lanes) + lane;
                if (i >= indices.Length)
                {
                    continue;
                }

                norms[i] = ProjectInto(_training[indices[i]], point, state);
                int baseOffset = g * coordinates * QuantizedBound.Lanes;
                for (int j = 0; j < coordinates; j++)
                {
                    packed[baseOffset + (((j >> 1) * QuantizedBound.Lanes) + lane) * 2 + (j & 1)] = point[j];
                }
            }

            return state;
        }, _ => { });
        return (packed, norms);
    }

    /// <summary>Per-thread scratch space for one block of queries.</summary>
    private sealed class BlockState(int k, int coordinates, int dimensions)
    {
        public TopK[] Heaps { get; } = Enumerable.Range(0, QueryBlock).Select(_ => new TopK(k)).ToArray();

        public double[] Seeds { get; } = new double[QueryBlock];

        public short[] Points { get; } = new short[QueryBlock * coordinates];

        public int[] Norms { get; } = new int[QueryBlock];

        public int[] SeedBounds { get; } = new int[SeedSample + QuantizedBound.Lanes];

        public double[] Centred { get; } = new double[dimensions];

        public double[] Coordinates { get; } = new double[coordinates];

        public long Exact { get; set; }
    }
}
