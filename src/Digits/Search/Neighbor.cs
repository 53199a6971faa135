namespace Digits.Search;

/// <summary>One training image near a query.</summary>
/// <param name="Index">Its index in the training set.</param>
/// <param name="Distance">Its distance from the query, on pixels scaled to 0..1 (for Euclidean, not squared).</param>
/// <param name="Label">Its digit.</param>
public readonly record struct Neighbor(int Index, double Distance, int Label);
