namespace Digits.Search;

/// <summary>The distance between two images, on pixels scaled to 0..1.</summary>
public enum DistanceMetric
{
    /// <summary>Square root of the sum of squared differences.</summary>
    Euclidean,

    /// <summary>Sum of absolute differences.</summary>
    Manhattan,

    /// <summary>1 - cosine similarity; a blank image is at distance 1 from everything.</summary>
    Cosine,
}
