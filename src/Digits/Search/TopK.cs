using System.Runtime.CompilerServices;

namespace Digits.Search;

/// <summary>
/// The k smallest (key, index) pairs seen so far, kept as a bounded max-heap so each candidate costs one
/// comparison with the current k-th best. Pairs compare by key, then by index, so equal keys keep the
/// lower training index and the result never depends on the order candidates arrive in.
/// </summary>
internal struct TopK
{
    private readonly double[] _keys;
    private readonly int[] _indices;
    private int _count;

    /// <summary>Creates an empty top-k of capacity <paramref name="k"/>.</summary>
    public TopK(int k)
    {
        _keys = new double[k];
        _indices = new int[k];
        _count = 0;
    }

    /// <summary>Gets k (0 for a default instance).</summary>
    public readonly int Capacity => _keys?.Length ?? 0;

    /// <summary>Gets the current k-th smallest key, or +infinity while fewer than k pairs were offered.</summary>
    public readonly double Threshold => _count < _keys.Length ? double.PositiveInfinity : _keys[0];

    /// <summary>Empties the heap for the next query.</summary>
    public void Clear() => _count = 0;

    /// <summary>Offers a candidate; keeps it when it is among the k smallest so far.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double key, int index)
    {
        if (_count < _keys.Length)
        {
            SiftUp(_count++, key, index);
        }
        else if (Less(key, index, _keys[0], _indices[0]))
        {
            SiftDown(key, index);
        }
    }

    /// <summary>Writes the pairs in increasing order and empties the heap.</summary>
    /// <param name="keys">Receives the keys (length &gt;= count).</param>
    /// <param name="indices">Receives the indices.</param>
    /// <returns>How many pairs were written.</returns>
    public int Drain(Span<double> keys, Span<int> indices)
    {
        int n = _count;
        for (int i = n - 1; i >= 0; i--)
        {
            keys[i] = _keys[0];
            indices[i] = _indices[0];
            _count--;
            if (_count > 0)
            {
                SiftDown(_keys[_count], _indices[_count]);
            }
        }

        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Less(double key, int index, double otherKey, int otherIndex)
        => key < otherKey || (key == otherKey && index < otherIndex);

    private readonly void SiftUp(int position, double key, int index)
    {
        while (position > 0)
        {
            int parent = (position - 1) >> 1;
            if (!Less(_keys[parent], _indices[parent], key, index))
            {
                break;
            }

            _keys[position] = _keys[parent];
            _indices[position] = _indices[parent];
            position = parent;
        }

        _keys[position] = key;
        _indices[position] = index;
    }

    // Replaces the root (the largest pair) with (key, index) and restores the heap over _count pairs.
    private readonly void SiftDown(double key, int index)
    {
        int position = 0;
        while (true)
        {
            int child = (2 * position) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Less(_keys[child], _indices[child], _keys[child + 1], _indices[child + 1]))
            {
                child++;
            }

            if (!Less(key, index, _keys[child], _indices[child]))
            {
                break;
            }

            _keys[position] = _keys[child];
            _indices[position] = _indices[child];
            position = child;
        }

        _keys[position] = key;
        _indices[position] = index;
    }
}
