using Digits.Classifiers;
using Digits.Classifiers.Knn;
using Digits.Images;

namespace Digits.Models;

/// <summary>
/// A model that has learnt from one user's corrections with no retraining: their examples join the neighbour
/// half's reference set for their requests only (<see cref="DeformationKnnClassifier.WithExamples(LabeledImages)"/>), and
/// their distances count 0.6 times a training image's (<see cref="DeformationKnnClassifier.PersonalDistanceScale"/>);
/// and when one of them is among the neighbours that vote, the neighbour half's share weighs
/// <see cref="NeighbourWeight"/> in the average instead of half, so that a style the network has never seen
/// (a flagged 1 it reads as 7) is read the user's way once taught.
/// </summary>
public static class PersonalModel
{
    /// <summary>
    /// Gets the weight of the neighbour half's vote shares when one of the user's examples votes: 0.6, chosen
    /// with <see cref="DeformationKnnClassifier.PersonalDistanceScale"/> on the odd-numbered UCI writers
    /// (<c>bench/Digits.Benchmarks teaching</c>; 0.5, 0.6, 0.75 and 1 tried; see the README's teaching section).
    /// </summary>
    public const double NeighbourWeight = 0.6;

    /// <summary>Returns whether <paramref name="model"/> can learn from examples (it has a neighbour half).</summary>
    /// <param name="model">The model.</param>
    /// <returns>True for the default model and for KNN models with deformation re-ranking.</returns>
    public static bool CanLearn(IDigitClassifier model)
        => model is DeformationKnnClassifier or AverageClassifier { Neighbours: DeformationKnnClassifier };

    /// <summary>
    /// Returns <paramref name="model"/> with <paramref name="examples"/> beside its training set; the model
    /// itself is unchanged and shared (making the personal one costs a preprocessing of the examples).
    /// </summary>
    /// <param name="model">The default model, or a KNN model with deformation re-ranking.</param>
    /// <param name="examples">The user's examples: 28x28 inputs as the photo pipeline or the drawing normaliser makes them, with their digits.</param>
    /// <returns>The personal model; <paramref name="model"/> itself when there are no examples.</returns>
    /// <exception cref="NotSupportedException">The model has no neighbour half (a network alone learns only by training).</exception>
    public static IDigitClassifier WithExamples(IDigitClassifier model, LabeledImages examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            return model;
        }

        return model switch
        {
            DeformationKnnClassifier knn => knn.WithExamples(examples),
            AverageClassifier { Neighbours: DeformationKnnClassifier knn } average => new AverageClassifier(knn.WithExamples(examples), average.Network)
            {
                QuickNeighbours = average.QuickNeighbours is DeformationKnnClassifier quick ? quick.WithExamples(examples) : average.QuickNeighbours,
                SettledNeighbours = average.SettledNeighbours is DeformationKnnClassifier settled ? settled.WithExamples(examples) : average.SettledNeighbours,
                SureAbove = average.SureAbove,
                NeighbourWeight = average.NeighbourWeight,
                PersonalWeight = NeighbourWeight,
            },
            _ => throw new NotSupportedException($"this model cannot learn from examples (only models with a KNN half can): {model.Description}"),
        };
    }
}
