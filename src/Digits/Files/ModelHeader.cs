using Digits.Classifiers.Knn;


namespace Digits.Files;

/// <summary>The JSON header of a model file: what kind of model it is and how it was configured.</summary>
public sealed record ModelHeader
{
    /// <summary>Gets the model kind; <c>knn</c> for now.</summary>
    public string Kind { get; init; } = "knn";

    /// <summary>Gets the KNN settings.</summary>
    public KnnOptions Knn { get; init; } = new();

    /// <summary>Gets the number of training images stored.</summary>
    public int Count { get; init; }

    /// <summary>Gets the image height.</summary>
    public int Rows { get; init; }

    /// <summary>Gets the image width.</summary>
    public int Columns { get; init; }

    /// <summary>Gets when the model was saved (UTC, ISO 8601).</summary>
    public string Created { get; init; } = "";

    /// <summary>Gets free text about where the training data came from.</summary>
    public string Source { get; init; } = "";
}
