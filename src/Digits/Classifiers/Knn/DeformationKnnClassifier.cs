using Digits.Images;
using Digits.Kernels;
using Digits.Preprocessing;
using Digits.Search;


namespace Digits.Classifiers.Knn;

/// <summary>
/// KNN with a deformation-tolerant distance: the exact Euclidean search (on preprocessed images) finds the
/// <see cref="DeformationOptions.Candidates"/> nearest training images, the image distortion model
/// (<see cref="DeformationDistance"/>) re-ranks them, and the <see cref="DeformationOptions.K"/> nearest after
/// re-ranking vote. Neighbour indices refer to the original training set; neighbour distances are square
/// roots of deformation distances.
/// </summary>
public sealed class DeformationKnnClassifier : IDigitClassifier
{
    // A user's own examples beside the shared training set: preprocessed once, searched exactly on every query.
    private readonly LabeledImages? _personal;

    // The personal examples' deformation distances are multiplied by this before they are ranked with the training images'.
    private readonly float _personalScale;

    private DeformationKnnClassifier(PreprocessedKnnClassifier search, DeformationOptions options, LabeledImages? personal = null, float personalScale = 1)
    {
        Search = search;
        Options = options;
        _personal = personal;
        _personalScale = personalScale;
    }

    /// <summary>Gets the preprocessing and Euclidean search that proposes candidates.</summary>
    public PreprocessedKnnClassifier Search { get; }

    /// <summary>Gets the re-ranking and voting settings.</summary>
    public DeformationOptions Options { get; }

    /// <summary>Gets the preprocessing steps.</summary>
    public Preprocessor Preprocessor => Search.Preprocessor;

    /// <summary>Gets the original (unprocessed) training images.</summary>
    public LabeledImages Training => Search.Training;

    /// <summary>Gets how many personal examples (<see cref="WithExamples(LabeledImages)"/>) stand beside the training set.</summary>
    public int PersonalCount => _personal?.Count ?? 0;

    /// <inheritdoc/>
    public string Description => $"{Options} on {Preprocessor} ({Training.Count:N0} training images{(PersonalCount > 0 ? $" and {PersonalCount:N0} personal examples" : "")}, {Search.Knn.EngineName})";

    /// <summary>Preprocesses <paramref name="training"/>, builds the candidate search and checks the options.</summary>
    /// <param name="training">Training images (28x28) and labels.</param>
    /// <param name="preprocessor">Steps applied to training and query images alike.</param>
    /// <param name="options">Re-ranking settings; defaults to <c>new DeformationOptions()</c>.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The images are not 28x28.</exception>
    public static DeformationKnnClassifier Fit(LabeledImages training, Preprocessor preprocessor, DeformationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        options ??= new DeformationOptions();
        options.Validate(training.Count);
        if (training.Images.Rows != DeformationDistance.Side || training.Images.Columns != DeformationDistance.Side)
        {
            throw new ArgumentException($"Expected 28x28 training images, got {training.Images.Rows}x{training.Images.Columns}.", nameof(training));
        }

        var search = PreprocessedKnnClassifier.Fit(training, preprocessor, new KnnOptions { K = options.Candidates });
        return new DeformationKnnClassifier(search, options);
    }

    /// <summary>
    /// The same model re-ranking fewer (or more) Euclidean candidates: it shares this one's training set and
    /// search, so it costs nothing to make.
    /// </summary>
    /// <param name="candidates">How many candidates to re-rank.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Fewer candidates than voters, or more than training images.</exception>
    public DeformationKnnClassifier WithCandidates(int candidates)
    {
        var options = Options with { Candidates = candidates };
        options.Validate(Training.Count);
        return new DeformationKnnClassifier(Search, options, _personal, _personalScale);
    }

    /// <summary>
    /// The same model with a user's own examples beside the training set: every query also measures the
    /// examples nearest to it (all of them, up to <see cref="DeformationOptions.Candidates"/>, found by an exact
    /// Euclidean search of their own), re-ranks them with its training candidates, and they vote with the
    /// training images when they are among the nearest. The shared search is not rebuilt; making the model costs
    /// one preprocessing of the examples. Their neighbours have <see cref="Neighbor.Personal"/> set and index
    /// <paramref name="examples"/>. A query identical to one of them (the image a correction was made on, read
    /// again) takes that example's digit with all the vote.
    /// </summary>
    /// <param name="examples">28x28 images (normalised like the model's inputs) and their digits; replaces any examples this model had.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">The examples are not 28x28, or a label is not a digit.</exception>
    public DeformationKnnClassifier WithExamples(LabeledImages examples) => WithExamples(examples, PersonalDistanceScale);

    /// <summary>
    /// Gets the factor the personal examples' (squared) deformation distances are multiplied by before they are
    /// ranked with the training images': the user's own examples stand nearer than a stranger's digit as far
    /// from the query. 0.6, chosen with the default model's neighbour weight for personal examples on the odd-numbered
    /// UCI writers (<c>bench/Digits.Benchmarks teaching</c>; 1, 0.8, 0.6, 0.45 and 0.3 tried).
    /// </summary>
    public const float PersonalDistanceScale = 0.6f;

    /// <summary>As <see cref="WithExamples(LabeledImages)"/>, with another distance factor (for choosing it).</summary>
    internal DeformationKnnClassifier WithExamples(LabeledImages examples, float distanceScale)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            return _personal is null ? this : new DeformationKnnClassifier(Search, Options);
        }

        if (distanceScale is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(distanceScale), distanceScale, "the personal distance factor must be in (0, 1]");
        }

        CheckSize(examples.Images.Rows, examples.Images.Columns);
        int bad = Array.FindIndex(examples.Labels, label => label > 9);
        if (bad >= 0)
        {
            throw new ArgumentException($"Example {bad} is labelled {examples.Labels[bad]}, not a digit 0-9.", nameof(examples));
        }

        return new DeformationKnnClassifier(Search, Options, new LabeledImages(Preprocessor.Apply(examples.Images), examples.Labels), distanceScale);
    }

    /// <summary>
    /// Finds the candidates of every query and re-ranks them: row q holds the training indices of query q's
    /// candidates sorted by deformation distance (then index), with the square roots of those distances.
    /// </summary>
    /// <param name="images">Query images, not yet preprocessed.</param>
    /// <param name="progress">Receives the number of queries re-ranked so far.</param>
    /// <param name="cancellationToken">Stops the work between queries.</param>
    /// <returns>All <see cref="DeformationOptions.Candidates"/> candidates per query, re-ranked.</returns>
    public NeighborResults Rerank(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ImageSet processed = Preprocessor.Apply(images);
        NeighborResults candidates = Search.Knn.KNeighbors(processed, Options.Candidates, null, cancellationToken);
        var ranked = new NeighborResults(images.Count, Options.Candidates);
        ForEachQuery(images.Count, 1, (q, workspace) => RerankOne(processed[q], candidates.IndicesOf(q), ranked.IndicesOf(q), ranked.DistancesOf(q), workspace), progress, cancellationToken);
        return ranked;
    }

    /// <inheritdoc/>
    public byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        => ClassifyAll(images, progress, cancellationToken).Select(answer => (byte)answer.Digit).ToArray();

    /// <inheritdoc/>
    /// <remarks>All candidates come from one batched search (queries share the training set's loads), then
    /// each query's candidates are re-ranked on its own core.</remarks>
    public DigitPrediction[] ClassifyAll(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        CheckSize(images.Rows, images.Columns);
        ImageSet processed = Preprocessor.Apply(images);
        NeighborResults candidates = Search.Knn.KNeighbors(processed, Options.Candidates, null, cancellationToken);
        var answers = new DigitPrediction[images.Count];
        ForEachQuery(images.Count, Options.K, (q, workspace) => answers[q] = Answer(processed[q], candidates.IndicesOf(q), workspace), progress, cancellationToken);
        return answers;
    }

    /// <inheritdoc/>
    public DigitPrediction Classify(ReadOnlySpan<byte> image)
    {
        if (image.Length != DeformationDistance.Side * DeformationDistance.Side)
        {
            throw new ArgumentException($"Expected a 28x28 image (784 values), got {image.Length}.", nameof(image));
        }

        byte[] processed = Preprocessor.Apply(image);
        NeighborResults candidates = Search.Knn.KNeighbors(ImageSet.Single(processed), Options.Candidates);
        return Answer(processed, candidates.IndicesOf(0), new Workspace(Options.Candidates, Options.K));
    }

    // Runs work for every query, spread over the cores with one workspace per thread, reporting every 256 queries.
    private void ForEachQuery(int count, int k, Action<int, Workspace> work, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        int done = 0;
        Parallel.For(
            0,
            count,
            new ParallelOptions { CancellationToken = cancellationToken },
            () => new Workspace(Options.Candidates, k),
            (q, _, workspace) =>
            {
                work(q, workspace);
                int finished = Interlocked.Increment(ref done);
                if (progress is not null && (finished % 256 == 0 || finished == count))
                {
                    progress.Report(finished);
                }

                return workspace;
            },
            _ => { });
    }

    private static void CheckSize(int rows, int columns)
    {
        if (rows != DeformationDistance.Side || columns != DeformationDistance.Side)
        {
            throw new ArgumentException($"Expected 28x28 images, got {rows}x{columns}.");
        }
    }

    // The answer from one query's candidates: the K nearest by deformation distance vote. Personal examples
    // take part under indices from Training.Count on.
    private DigitPrediction Answer(ReadOnlySpan<byte> processedQuery, ReadOnlySpan<int> candidates, Workspace workspace)
    {
        NearestOne(processedQuery, candidates, workspace.Indices, workspace.Distances, workspace);
        int shared = Training.Count;
        var neighbors = new Neighbor[Options.K];
        for (int j = 0; j < Options.K; j++)
        {
            int index = workspace.Indices[j];
            neighbors[j] = index < shared
                ? new Neighbor(index, workspace.Distances[j], Training.Labels[index])
                : new Neighbor(index - shared, workspace.Distances[j], _personal!.Labels[index - shared]) { Personal = true };
            workspace.Labels[j] = neighbors[j].Label;
        }

        var probabilities = new double[10];
        if (neighbors[0] is { Personal: true, Distance: 0 } same)
        {
            // The very image the user taught (a drawing or photo read again after its correction): their word is the answer.
            probabilities[same.Label] = 1;
            return new DigitPrediction(same.Label, probabilities, neighbors);
        }

        KnnVote.Probabilities(workspace.Labels, workspace.Distances, Options.Weighting, probabilities);
        int digit = KnnVote.Winner(probabilities, workspace.Labels, TieBreak.Nearest);
        return new DigitPrediction(digit, probabilities, neighbors);
    }

    private void RerankOne(ReadOnlySpan<byte> processedQuery, ReadOnlySpan<int> candidates, Span<int> indices, Span<double> distances, Workspace workspace)
    {
        GradientPlanes.Overwrite(processedQuery, workspace.Query);
        ImageSet references = Search.Knn.Training.Images;
        for (int j = 0; j < candidates.Length; j++)
        {
            GradientPlanes.Overwrite(references[candidates[j]], workspace.Reference);
            workspace.Order[j] = (DeformationDistance.Compute(workspace.Query, workspace.Reference, Options.Warp, workspace.Scratch), candidates[j]);
        }

        Array.Sort(workspace.Order);
        for (int j = 0; j < candidates.Length; j++)
        {
            indices[j] = workspace.Order[j].Index;
            distances[j] = Math.Sqrt(workspace.Order[j].Distance);
        }
    }

    // The K nearest candidates by deformation distance (then index), nearest first: what RerankOne's first K
    // would be, but a candidate stops being measured once it is certainly farther than the K-th best so far.
    private void NearestOne(ReadOnlySpan<byte> processedQuery, ReadOnlySpan<int> candidates, Span<int> indices, Span<double> distances, Workspace workspace)
    {
        GradientPlanes.Overwrite(processedQuery, workspace.Query);
        ImageSet references = Search.Knn.Training.Images;
        ref TopK nearest = ref workspace.Nearest;
        nearest.Clear();
        for (int j = 0; j < candidates.Length; j++)
        {
            GradientPlanes.Overwrite(references[candidates[j]], workspace.Reference);
            float limit = (float)nearest.Threshold;
            float distance = DeformationDistance.ComputeBounded(workspace.Query, workspace.Reference, Options.Warp, workspace.Scratch, limit);
            if (distance <= limit)
            {
                nearest.Add(distance, candidates[j]);
            }
        }

        if (_personal is not null)
        {
            ImageSet examples = _personal.Images;
            foreach (int p in PersonalCandidates(processedQuery, workspace))
            {
                GradientPlanes.Overwrite(examples[p], workspace.Reference);
                float limit = (float)nearest.Threshold;
                float distance = _personalScale * DeformationDistance.ComputeBounded(workspace.Query, workspace.Reference, Options.Warp, workspace.Scratch, limit / _personalScale);
                if (distance <= limit)
                {
                    nearest.Add(distance, Training.Count + p);
                }
            }
        }

        int n = nearest.Drain(distances, indices);
        for (int j = 0; j < n; j++)
        {
            distances[j] = Math.Sqrt(distances[j]);
        }
    }

    // The personal examples worth re-ranking for a query: all of them when they are no more than the candidates
    // taken from the training set, else that many nearest by Euclidean distance (an exact search: a profile holds
    // at most a few thousand).
    private ReadOnlySpan<int> PersonalCandidates(ReadOnlySpan<byte> processedQuery, Workspace workspace)
    {
        LabeledImages personal = _personal!;
        int count = personal.Count;
        int[] order = workspace.PersonalOrder(count);
        if (count <= Options.Candidates)
        {
            return order.AsSpan(0, count);
        }

        ref TopK nearest = ref workspace.PersonalNearest(Options.Candidates);
        nearest.Clear();
        for (int p = 0; p < count; p++)
        {
            nearest.Add(ByteDistance.SquaredL2(processedQuery, personal.Images[p]), p);
        }

        int n = nearest.Drain(workspace.PersonalKeys, order);
        return order.AsSpan(0, n);
    }

    /// <summary>Per-thread buffers: both images' planes (zero outside the gradients' area, so they are only overwritten), the kernel's scratch, the ranking and the vote.</summary>
    private sealed class Workspace(int candidates, int k = 1)
    {
        private TopK _nearest = new(k);

        public float[] Query { get; } = new float[DeformationDistance.ImageFloats];

        public float[] Reference { get; } = new float[DeformationDistance.ImageFloats];

        public float[] Scratch { get; } = new float[DeformationDistance.ScratchFloats];

        public (float Distance, int Index)[] Order { get; } = new (float, int)[candidates];

        public ref TopK Nearest => ref _nearest;

        public int[] Indices { get; } = new int[k];

        public double[] Distances { get; } = new double[k];

        public int[] Labels { get; } = new int[k];

        private int[]? _personalOrder;
        private TopK _personalNearest;

        // 0, 1, 2, ... count - 1, or scratch for the nearest personal examples' indices.
        public int[] PersonalOrder(int count)
        {
            if (_personalOrder is null || _personalOrder.Length < count)
            {
                _personalOrder = new int[count];
            }

            for (int i = 0; i < count; i++)
            {
                _personalOrder[i] = i;
            }

            return _personalOrder;
        }

        public double[] PersonalKeys { get; private set; } = [];

        public ref TopK PersonalNearest(int k)
        {
            if (_personalNearest.Capacity != k)
            {
                _personalNearest = new TopK(k);
                PersonalKeys = new double[k];
            }

            return ref _personalNearest;
        }

    }
}
