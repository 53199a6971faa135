using Digits.Images;

namespace Digits.Classifiers;

/// <summary>Anything that reads 28x28 digit images: the KNN model, the recogniser built on it, later a CNN.</summary>
public interface IDigitClassifier
{
    /// <summary>Gets a one-line description of the model for reports.</summary>
    string Description { get; }

    /// <summary>Predicts the digit of every image.</summary>
    /// <param name="images">Images of the size the model was trained on.</param>
    /// <param name="progress">Receives the number of images done so far.</param>
    /// <param name="cancellationToken">Stops the work between blocks.</param>
    /// <returns>One digit per image.</returns>
    byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one image and explains the answer: digit, ten probabilities, and the neighbours that voted.</summary>
    /// <param name="image">The image's pixels (28x28 = 784 values for MNIST models), 0 = background, 255 = ink.</param>
    /// <returns>The answer.</returns>
    DigitPrediction Classify(ReadOnlySpan<byte> image);

    /// <summary>
    /// Reads every image and explains each answer, as <see cref="Classify"/> would; models that can share work
    /// between images (one batched neighbour search for all of them) do so. The default reads the images one
    /// at a time, spread over the cores.
    /// </summary>
    /// <param name="images">Images of the size the model was trained on.</param>
    /// <param name="progress">Receives the number of images done so far.</param>
    /// <param name="cancellationToken">Stops the work between blocks.</param>
    /// <returns>One answer per image, in order.</returns>
    DigitPrediction[] ClassifyAll(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        => ParallelClassify.ClassifyAll(this, images, progress, cancellationToken);
}
