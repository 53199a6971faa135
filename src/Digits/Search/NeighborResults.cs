namespace Digits.Search;

/// <summary>
/// The k nearest training images of each of a batch of queries, row-major: neighbour <c>j</c> of query
/// <c>q</c> is at <c>q * K + j</c>. Each row is sorted by distance, equal distances by training index.
/// </summary>
public sealed class NeighborResults
{
    /// <summary>Creates empty results for <paramref name="queryCount"/> queries of <paramref name="k"/> neighbours.</summary>
    /// <param name="queryCount">Number of queries.</param>
    /// <param name="k">Neighbours per query.</param>
    public NeighborResults(int queryCount, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queryCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        QueryCount = queryCount;
        K = k;
        Indices = new int[queryCount * k];
        Distances = new double[queryCount * k];
    }

    /// <summary>Gets the number of queries.</summary>
    public int QueryCount { get; }

    /// <summary>Gets the number of neighbours per query.</summary>
    public int K { get; }

    /// <summary>Gets the training indices, row-major.</summary>
    public int[] Indices { get; }

    /// <summary>Gets the distances, row-major.</summary>
    public double[] Distances { get; }

    /// <summary>Gets the training indices of query <paramref name="query"/>'s neighbours, nearest first.</summary>
    /// <param name="query">Query index.</param>
    /// <returns>K indices.</returns>
    public Span<int> IndicesOf(int query) => Indices.AsSpan(query * K, K);

    /// <summary>Gets the distances of query <paramref name="query"/>'s neighbours, nearest first.</summary>
    /// <param name="query">Query index.</param>
    /// <returns>K distances.</returns>
    public Span<double> DistancesOf(int query) => Distances.AsSpan(query * K, K);
}
