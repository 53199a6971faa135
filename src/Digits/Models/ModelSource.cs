using Digits.Classifiers;
using Digits.Classifiers.Knn;
using Digits.Files;
using Digits.Images;


namespace Digits.Models;

/// <summary>
/// Where the model comes from, decided in one place for <c>digits eval</c>, <c>digits predict</c>,
/// <c>digits serve</c> and the tests: a model file that <c>digits train</c> wrote (a KNN model or a network,
/// told apart by its first bytes), one half of the default model by name (<see cref="NetworkName"/>,
/// <see cref="NeighboursName"/>), or the default model fitted on the training images.
/// </summary>
public static class ModelSource
{
    /// <summary>The name that stands for the shipped network alone (when no file of that name exists).</summary>
    public const string NetworkName = "network";

    /// <summary>The name that stands for the default model's neighbour half alone, KNN with IDM re-ranking (when no file of that name exists).</summary>
    public const string NeighboursName = "neighbours";

    /// <summary>Loads the model file at <paramref name="path"/>, or fits the default model when it is null.</summary>
    /// <param name="path">A model file, <see cref="NetworkName"/> or <see cref="NeighboursName"/>, or null for the default model.</param>
    /// <param name="training">Gives the training images for the default model (not called for a file).</param>
    /// <returns>The model and the training images its neighbours point into (null for a network, which has none).</returns>
    /// <exception cref="DataFileException">The file is missing, of neither kind, truncated or corrupt.</exception>
    public static LoadedClassifier Load(string? path, Func<LabeledImages> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (path is null)
        {
            LabeledImages images = training();
            return new LoadedClassifier(DefaultModel.Fit(images), images);
        }

        if (path is NetworkName or NeighboursName && !File.Exists(path))
        {
            if (path == NetworkName)
            {
                return new LoadedClassifier(PretrainedNetwork.Network, null);
            }

            LabeledImages images = training();
            return new LoadedClassifier(DefaultModel.FitNeighbours(images), images);
        }

        IDigitClassifier model = ClassifierFile.Load(path);
        return new LoadedClassifier(model, (model as KnnClassifier)?.Training);
    }
}

/// <summary>A loaded model and the training images its answers' neighbours are indices into.</summary>
/// <param name="Classifier">The model.</param>
/// <param name="Training">Its training images, or null when the model keeps none (a network).</param>
public sealed record LoadedClassifier(IDigitClassifier Classifier, LabeledImages? Training);
