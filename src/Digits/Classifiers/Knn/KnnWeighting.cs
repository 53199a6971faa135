namespace Digits.Classifiers.Knn;

/// <summary>How the k neighbours' votes are weighted.</summary>
public enum KnnWeighting
{
    /// <summary>Every neighbour counts once.</summary>
    Uniform,

    /// <summary>A neighbour counts 1 / distance; exact matches (distance 0) win outright, as in scikit-learn.</summary>
    Distance,
}
