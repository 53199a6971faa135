namespace Digits.Images;

/// <summary>Images with their true digits, such as the MNIST training or test set.</summary>
public sealed class LabeledImages
{
    /// <summary>Creates a labelled set.</summary>
    /// <param name="images">The images.</param>
    /// <param name="labels">One label (0-9) per image.</param>
    /// <exception cref="ArgumentException">The counts differ, or a label is not a digit.</exception>
    public LabeledImages(ImageSet images, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != images.Count)
        {
            throw new ArgumentException($"Expected one label per image ({images.Count}), got {labels.Length} labels.", nameof(labels));
        }

        int bad = Array.FindIndex(labels, l => l > 9);
        if (bad >= 0)
        {
            throw new ArgumentException($"Expected labels 0-9, but label {bad} is {labels[bad]}.", nameof(labels));
        }

        Images = images;
        Labels = labels;
    }

    /// <summary>Gets the images.</summary>
    public ImageSet Images { get; }

    /// <summary>Gets the label of each image.</summary>
    public byte[] Labels { get; }

    /// <summary>Gets the number of images.</summary>
    public int Count => Images.Count;

    /// <summary>Returns images <c>[start, start + count)</c> with their labels.</summary>
    /// <param name="start">First image.</param>
    /// <param name="count">Number of images.</param>
    /// <returns>The slice, copied.</returns>
    public LabeledImages Slice(int start, int count)
        => new(Images.Slice(start, count), Labels.AsSpan(start, count).ToArray());

    /// <summary>Counts the images of each digit.</summary>
    /// <returns>Ten counts, index = digit.</returns>
    public int[] CountPerDigit()
    {
        var counts = new int[10];
        foreach (byte label in Labels)
        {
            counts[label]++;
        }

        return counts;
    }
}
