using Digits.Images;
using Digits.Preprocessing;


namespace Digits.Classifiers.Knn;

/// <summary>
/// A KNN model with preprocessing: every training image and every query goes through the same
/// <see cref="Preprocessor"/> before the exact search. Neighbour indices refer to the original training set.
/// </summary>
public sealed class PreprocessedKnnClassifier : IDigitClassifier
{
    private PreprocessedKnnClassifier(Preprocessor preprocessor, KnnClassifier knn, LabeledImages training)
    {
        Preprocessor = preprocessor;
        Knn = knn;
        Training = training;
    }

    /// <summary>Gets the preprocessing steps.</summary>
    public Preprocessor Preprocessor { get; }

    /// <summary>Gets the KNN model over the preprocessed training images.</summary>
    public KnnClassifier Knn { get; }

    /// <summary>Gets the original (unprocessed) training images.</summary>
    public LabeledImages Training { get; }

    /// <inheritdoc/>
    public string Description => $"KNN {Knn.Options} on {Preprocessor} ({Training.Count:N0} training images, {Knn.EngineName})";

    /// <summary>Preprocesses <paramref name="training"/> and fits the KNN model on it.</summary>
    /// <param name="training">Training images and labels.</param>
    /// <param name="preprocessor">The steps.</param>
    /// <param name="options">KNN settings.</param>
    /// <returns>The fitted model.</returns>
    public static PreprocessedKnnClassifier Fit(LabeledImages training, Preprocessor preprocessor, KnnOptions options)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(preprocessor);
        var processed = new LabeledImages(preprocessor.Apply(training.Images), training.Labels);
        return new PreprocessedKnnClassifier(preprocessor, KnnClassifier.Fit(processed, options), training);
    }

    /// <inheritdoc/>
    public byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        => Knn.Predict(Preprocessor.Apply(images), progress, cancellationToken);

    /// <inheritdoc/>
    public DigitPrediction Classify(ReadOnlySpan<byte> image)
        => Knn.Classify(Preprocessor.Apply(image, Training.Images.Rows, Training.Images.Columns));
}
