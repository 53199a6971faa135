namespace Digits.Search;

/// <summary>One training image (or one of the user's own examples) near a query.</summary>
/// <param name="Index">Its index in the training set, or among the user's examples when <see cref="Personal"/>.</param>
/// <param name="Distance">Its distance from the query, on pixels scaled to 0..1 (for Euclidean, not squared).</param>
/// <param name="Label">Its digit.</param>
public readonly record struct Neighbor(int Index, double Distance, int Label)
{
    /// <summary>Gets whether this is one of the user's own examples rather than a training image.</summary>
    public bool Personal { get; init; }
}
