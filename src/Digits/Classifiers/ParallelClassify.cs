using Digits.Images;

namespace Digits.Classifiers;

/// <summary>
/// Batch prediction for models that read one image at a time: <see cref="IDigitClassifier.Classify"/> on every
/// image, in blocks spread over the cores, reporting progress after each block.
/// </summary>
internal static class ParallelClassify
{
    private const int Block = 64;

    /// <summary>Returns the digit <paramref name="classifier"/> reads in each image.</summary>
    public static byte[] Predict(IDigitClassifier classifier, ImageSet images, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        DigitPrediction[] answers = ClassifyAll(classifier, images, progress, cancellationToken);
        return answers.Select(a => (byte)a.Digit).ToArray();
    }

    /// <summary>Returns <paramref name="classifier"/>'s answer for each image.</summary>
    public static DigitPrediction[] ClassifyAll(IDigitClassifier classifier, ImageSet images, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        var predictions = new DigitPrediction[images.Count];
        int done = 0;
        Parallel.For(0, (images.Count + Block - 1) / Block, new ParallelOptions { CancellationToken = cancellationToken }, block =>
        {
            int end = Math.Min(images.Count, (block + 1) * Block);
            for (int i = block * Block; i < end; i++)
            {
                predictions[i] = classifier.Classify(images[i]);
            }

            progress?.Report(Interlocked.Add(ref done, end - (block * Block)));
        });
        return predictions;
    }
}
