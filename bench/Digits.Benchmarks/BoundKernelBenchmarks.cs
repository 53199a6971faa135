using BenchmarkDotNet.Attributes;
using Digits.Kernels;

namespace Digits.Benchmarks;

/// <summary>
/// The pruning bound of the exact search: 66 16-bit coordinates (64 principal directions, the length
/// outside them, a zero) of one query against a group of 16 training images, per vector width, and four
/// queries sharing each load of the group.
/// </summary>
public class BoundKernelBenchmarks
{
    private const int Coordinates = 66;
    private readonly short[] _queries = new short[4 * Coordinates];
    private readonly short[] _group = new short[Coordinates * QuantizedBound.Lanes];
    private readonly int[] _norms = new int[QuantizedBound.Lanes];
    private readonly int[] _queryNorms = new int[4];
    private readonly int[] _thresholds = new int[4];
    private readonly uint[] _masks = new uint[4];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < _queries.Length; i++)
        {
            _queries[i] = (short)random.Next(-3000, 3000);
        }

        for (int i = 0; i < _group.Length; i++)
        {
            _group[i] = (short)random.Next(-3000, 3000);
        }

        var distances = new long[QuantizedBound.Lanes];
        for (int i = 0; i < 4; i++)
        {
            _queryNorms[i] = QuantizedBound.SquaredLength(_queries.AsSpan(i * Coordinates, Coordinates));
            QuantizedBound.DistancesScalar(_queries.AsSpan(i * Coordinates, Coordinates), _group, distances);
            _thresholds[i] = (int)distances.Order().ElementAt(8);
        }
    }

    [ParamsSource(nameof(Widths))]
    public SimdWidth Width { get; set; }

    public static IEnumerable<SimdWidth> Widths => SimdWidths.Available;

    [Benchmark]
    public uint OneQuery() => QuantizedBound.Survivors(_queries.AsSpan(0, Coordinates), _queryNorms[0], _group, _norms, _thresholds[0], Width);

    /// <summary>Four queries at once (divide by four to compare with one query).</summary>
    [Benchmark]
    public uint FourQueries()
    {
        QuantizedBound.SurvivorsOfFour(_queries, _queryNorms, _group, _norms, _thresholds, _masks, Width);
        return _masks[0];
    }
}
