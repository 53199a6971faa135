using Digits.Images;
using Digits.Search;

namespace Digits.Classifiers.Knn;

/// <summary>
/// An exact k-nearest-neighbour classifier over byte images, shaped like scikit-learn's
/// <c>KNeighborsClassifier</c>: <see cref="Fit"/> checks the options and builds the search index, then
/// <see cref="Predict(ReadOnlySpan{byte})"/>, <see cref="PredictProbabilities(ReadOnlySpan{byte})"/>,
/// <see cref="KNeighbors(ReadOnlySpan{byte}, int?)"/> and <see cref="Score"/> answer queries. A fitted model is
/// immutable and safe to share across threads.
/// </summary>
/// <remarks>
/// Pixels are scaled to 0..1 (value / 255) for distances. Equal distances are ordered by lower training
/// index. A tied vote goes to the digit chosen by <see cref="KnnOptions.Tie"/>: by default the tied digit whose
/// nearest member is closest; with <see cref="TieBreak.Lowest"/> the smallest digit, as scikit-learn.
/// </remarks>
public sealed class KnnClassifier : IDigitClassifier
{
    private readonly INeighborSearch _search;

    private KnnClassifier(LabeledImages training, KnnOptions options, INeighborSearch search)
    {
        Training = training;
        Options = options;
        _search = search;
    }

    /// <summary>Gets the settings the model was fitted with.</summary>
    public KnnOptions Options { get; }

    /// <summary>Gets the training images and labels the model searches.</summary>
    public LabeledImages Training { get; }

    /// <summary>Gets the name of the search engine in use.</summary>
    public string EngineName => _search.Name;

    /// <inheritdoc/>
    public string Description => $"KNN {Options} ({Training.Count:N0} training images, {EngineName})";

    /// <summary>Checks <paramref name="options"/> and builds a model over <paramref name="training"/>.</summary>
    /// <param name="training">Training images and labels (kept, not copied).</param>
    /// <param name="options">Settings; defaults to <c>new KnnOptions()</c>.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (for example k larger than the training set).</exception>
    public static KnnClassifier Fit(LabeledImages training, KnnOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        options ??= new KnnOptions();
        options.Validate(training.Count);
        return new KnnClassifier(training, options, NeighborSearch.Create(training.Images, options.Metric));
    }

    /// <summary>Finds the nearest training images of one image, nearest first.</summary>
    /// <param name="image">The image's pixels, of the training images' size.</param>
    /// <param name="k">How many; defaults to <see cref="KnnOptions.K"/>.</param>
    /// <returns>The neighbours, sorted by distance then training index.</returns>
    public Neighbor[] KNeighbors(ReadOnlySpan<byte> image, int? k = null)
    {
        var results = KNeighbors(AsSet(image), k);
        return ToNeighbors(results, 0);
    }

    /// <summary>Finds the nearest training images of every image in a batch.</summary>
    /// <param name="images">The queries.</param>
    /// <param name="k">How many per query; defaults to <see cref="KnnOptions.K"/>.</param>
    /// <param name="progress">Receives the number of queries done.</param>
    /// <param name="cancellationToken">Stops the search between blocks.</param>
    /// <returns>Training indices and distances, row per query.</returns>
    public NeighborResults KNeighbors(ImageSet images, int? k = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        int count = k ?? Options.K;
        if (count < 1 || count > Training.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"Expected 1 <= k <= training images, but k = {count}, training images = {Training.Count}.");
        }

        var results = new NeighborResults(images.Count, count);
        _search.Search(images, results, progress, cancellationToken);
        return results;
    }

    /// <summary>Predicts the digit of one image.</summary>
    /// <param name="image">The image's pixels.</param>
    /// <returns>The digit.</returns>
    public int Predict(ReadOnlySpan<byte> image) => Classify(image).Digit;

    /// <inheritdoc/>
    public byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = KNeighbors(images, null, progress, cancellationToken);
        var predictions = new byte[images.Count];
        Span<double> votes = stackalloc double[10];
        Span<int> labels = stackalloc int[Options.K];
        for (int q = 0; q < images.Count; q++)
        {
            predictions[q] = (byte)Vote(results, q, labels, votes);
        }

        return predictions;
    }

    /// <summary>Per-digit probabilities for one image: the (weighted) share of the k votes.</summary>
    /// <param name="image">The image's pixels.</param>
    /// <returns>Ten probabilities summing to 1, index = digit.</returns>
    public double[] PredictProbabilities(ReadOnlySpan<byte> image) => Classify(image).Probabilities;

    /// <summary>Per-digit probabilities for every image in a batch.</summary>
    /// <param name="images">The queries.</param>
    /// <returns>One array of ten probabilities per image.</returns>
    public double[][] PredictProbabilities(ImageSet images)
    {
        var results = KNeighbors(images);
        var all = new double[images.Count][];
        Span<int> labels = stackalloc int[Options.K];
        for (int q = 0; q < images.Count; q++)
        {
            all[q] = new double[10];
            Vote(results, q, labels, all[q]);
        }

        return all;
    }

    /// <summary>Predicts one image and returns the digit, probabilities and neighbours from a single search.</summary>
    /// <param name="image">The image's pixels.</param>
    /// <returns>The full answer.</returns>
    public DigitPrediction Classify(ReadOnlySpan<byte> image)
    {
        var results = KNeighbors(AsSet(image));
        var probabilities = new double[10];
        Span<int> labels = stackalloc int[Options.K];
        int digit = Vote(results, 0, labels, probabilities);
        return new DigitPrediction(digit, probabilities, ToNeighbors(results, 0));
    }

    /// <summary>Mean accuracy on a labelled set.</summary>
    /// <param name="test">Images and true digits.</param>
    /// <returns>The fraction predicted correctly.</returns>
    public double Score(LabeledImages test)
    {
        ArgumentNullException.ThrowIfNull(test);
        byte[] predicted = Predict(test.Images);
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            correct += predicted[i] == test.Labels[i] ? 1 : 0;
        }

        return test.Count == 0 ? 0 : (double)correct / test.Count;
    }

    private int Vote(NeighborResults results, int query, Span<int> labels, Span<double> votes)
        => KnnVote.FromNeighbors(results.IndicesOf(query), results.DistancesOf(query), Training.Labels, Options.Weighting, Options.Tie, labels, votes);

    private Neighbor[] ToNeighbors(NeighborResults results, int query)
    {
        var neighbors = new Neighbor[results.K];
        for (int j = 0; j < results.K; j++)
        {
            int index = results.IndicesOf(query)[j];
            neighbors[j] = new Neighbor(index, results.DistancesOf(query)[j], Training.Labels[index]);
        }

        return neighbors;
    }

    private ImageSet AsSet(ReadOnlySpan<byte> image)
    {
        if (image.Length != Training.Images.PixelsPerImage)
        {
            throw new ArgumentException(
                $"Expected a {Training.Images.Rows}x{Training.Images.Columns} image ({Training.Images.PixelsPerImage} values), got {image.Length}.",
                nameof(image));
        }

        return ImageSet.Single(image, Training.Images.Rows, Training.Images.Columns);
    }
}
