using Digits.Files;
using Digits.Images;

namespace Digits.Data;

/// <summary>
/// Any labelled data set in the IDX format of MNIST: an image file (count x rows x columns) and its label
/// file, raw or gzipped, with no checksum (unlike <see cref="MnistData"/>), so that a user can score the
/// models on digits of their own, such as EMNIST's or QMNIST's.
/// </summary>
public static class IdxPair
{
    /// <summary>Reads an image file and its labels and checks they agree.</summary>
    /// <param name="imagesPath">The IDX image file (three dimensions).</param>
    /// <param name="labelsPath">The IDX label file (one dimension, digits 0-9).</param>
    /// <returns>The labelled images.</returns>
    /// <exception cref="DataFileException">A file is missing, truncated or of the wrong kind, a label is not a digit, or the counts differ.</exception>
    public static LabeledImages Load(string imagesPath, string labelsPath)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        ArgumentNullException.ThrowIfNull(labelsPath);
        return Pair(IdxFile.ReadImages(imagesPath), imagesPath, IdxFile.ReadLabels(labelsPath), labelsPath);
    }

    /// <summary>Pairs images read from one file with labels read from another, checking there is one label per image.</summary>
    /// <param name="images">The images.</param>
    /// <param name="imagesPath">Their file, for the message.</param>
    /// <param name="labels">The labels.</param>
    /// <param name="labelsPath">Their file, for the message.</param>
    /// <returns>The labelled images.</returns>
    /// <exception cref="DataFileException">The counts differ; the message names both files and both counts.</exception>
    public static LabeledImages Pair(ImageSet images, string imagesPath, byte[] labels, string labelsPath)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != images.Count)
        {
            throw new DataFileException(labelsPath, $"holds {labels.Length:N0} labels but {imagesPath} holds {images.Count:N0} images; a pair must have one label per image");
        }

        return new LabeledImages(images, labels);
    }

    /// <summary>
    /// Finds the pair in <paramref name="folder"/>: exactly one file whose name holds <c>idx3</c> (the images)
    /// and one whose name holds <c>idx1</c> (the labels), as the MNIST family names them.
    /// </summary>
    /// <param name="folder">The folder to look in.</param>
    /// <returns>The two paths, or null when the folder does not hold exactly one of each.</returns>
    public static (string Images, string Labels)? Find(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        string[] images = Directory.GetFiles(folder).Where(f => Path.GetFileName(f).Contains("idx3", StringComparison.OrdinalIgnoreCase)).ToArray();
        string[] labels = Directory.GetFiles(folder).Where(f => Path.GetFileName(f).Contains("idx1", StringComparison.OrdinalIgnoreCase)).ToArray();
        return images.Length == 1 && labels.Length == 1 ? (images[0], labels[0]) : null;
    }
}
