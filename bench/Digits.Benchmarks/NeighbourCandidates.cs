using System.Diagnostics;
using Digits.Classifiers.Knn;
using Digits.Data;
using Digits.Images;
using Digits.Kernels;
using Digits.Models;
using Digits.Search;

namespace Digits.Benchmarks;

/// <summary>
/// Two questions about the neighbour half, on the held-out split (or, with --test, reported on the test set):
/// how many Euclidean candidates IDM should re-rank, and whether tangent distance (Simard's seven tangents:
/// shifts, rotation, scaling, two hyperbolic stretches and thickness, two-sided) adds to IDM. The candidates and
/// their distances are computed once; every setting is then a vote over them.
///   dotnet run --project bench/Digits.Benchmarks -c Release -- neighbour-candidates [--test]
/// </summary>
internal static class NeighbourCandidates
{
    private const int HeldOut = 10_000;
    private const int Most = 1000;
    private const int Side = 28;
    private const int Pixels = Side * Side;
    private const int Tangents = 7;

    public static void Run(bool onTest, bool withTangent, double searchBlur)
    {
        MnistData data = new MnistLocator().Load();
        LabeledImages train = onTest ? data.Train : data.Train.Slice(0, data.Train.Count - HeldOut);
        LabeledImages queries = onTest ? data.Test : data.Train.Slice(data.Train.Count - HeldOut, HeldOut);
        var clock = Stopwatch.StartNew();
        var searchPreprocessor = DefaultModel.Preprocessor with { BlurSigma = searchBlur > 0 ? searchBlur : DefaultModel.Preprocessor.BlurSigma };
        var search = PreprocessedKnnClassifier.Fit(train, searchPreprocessor, new KnnOptions { K = Most });
        ImageSet references = DefaultModel.Preprocessor.Apply(train.Images), asked = DefaultModel.Preprocessor.Apply(queries.Images);
        ImageSet searched = searchPreprocessor.Apply(queries.Images);
        Console.WriteLine($"candidates by Euclidean distance on {searchPreprocessor}");
        foreach (int m in new[] { 100, 400 })
        {
            clock.Restart();
            search.Knn.KNeighbors(searched, m, null);
            Console.WriteLine($"{m} candidates found in {clock.Elapsed.TotalSeconds:F1} s");
        }

        clock.Restart();
        NeighborResults found = search.Knn.KNeighbors(searched, Most, null);
        Console.WriteLine($"{Most} candidates found in {clock.Elapsed.TotalSeconds:F1} s");

        int n = queries.Count;
        var idm = new float[n * Most];
        var tangent = new float[n * Most];
        clock.Restart();
        Parallel.For(
            0,
            n,
            () => new Work(),
            (q, _, w) =>
            {
                GradientPlanes.Compute(asked[q], w.Query);
                TangentBasis(asked[q], w.QueryTangents, w.QueryPixels);
                Span<int> indices = found.IndicesOf(q);
                for (int j = 0; j < Most; j++)
                {
                    GradientPlanes.Compute(references[indices[j]], w.Reference);
                    idm[(q * Most) + j] = DeformationDistance.Compute(w.Query, w.Reference, DefaultModel.Options.Warp, w.Scratch);
                    tangent[(q * Most) + j] = withTangent && j < 100 ? TwoSided(w, references[indices[j]]) : float.PositiveInfinity;
                }

                return w;
            },
            _ => { });
        Console.WriteLine($"distances in {clock.Elapsed.TotalSeconds:F1} s");

        byte[] truth = queries.Labels, labels = train.Labels;
        Console.WriteLine($"errors of {n} | k=1 | k=3 | k=4 | k=5 | k=6 | k=8 | k=10 | k=12");
        foreach (int m in new[] { 25, 100, 200, 400, 700, 1000 })
        {
            Report($"idm, {m} candidates", m, q => idm.AsSpan(q * Most, Most).ToArray(), truth, labels, found);
        }

        if (withTangent)
        {
            ReportTangent(idm, tangent, truth, labels, found);
        }

        foreach (int m in new[] { 100, 400, 1000 })
        {
            foreach (double temperature in new[] { 0.1, 0.2, 0.3, 0.5 })
            {
                Report($"idm, {m}, weights exp(-(d/d1 - 1)/{temperature})", m, q => idm.AsSpan(q * Most, Most).ToArray(), truth, labels, found, temperature);
            }
        }
    }

    private static void ReportTangent(float[] idm, float[] tangent, byte[] truth, byte[] labels, NeighborResults found)
    {
        Report("tangent, 100 candidates", 100, q => tangent.AsSpan(q * Most, Most).ToArray(), truth, labels, found);
        double idmMedian = Median(idm, 100), tangentMedian = Median(tangent, 100);
        foreach (double share in new[] { 0.1, 0.25, 0.5, 1.0 })
        {
            double scale = share * idmMedian / tangentMedian;
            Report($"idm + {share:0.##} tangent, 100", 100, q => Combine(idm, tangent, scale, q), truth, labels, found);
        }
    }

    private sealed class Work
    {
        public float[] Query { get; } = new float[DeformationDistance.ImageFloats];

        public float[] Reference { get; } = new float[DeformationDistance.ImageFloats];

        public float[] Scratch { get; } = new float[DeformationDistance.ScratchFloats];

        public float[] QueryTangents { get; } = new float[Tangents * Pixels];

        public float[] QueryPixels { get; } = new float[Pixels];

        public float[] ReferenceTangents { get; } = new float[Tangents * Pixels];

        public float[] ReferencePixels { get; } = new float[Pixels];

        public float[] Basis { get; } = new float[2 * Tangents * Pixels];
    }

    // The seven tangent vectors of an image (pixels 0..1), from central-difference gradients.
    private static void TangentBasis(ReadOnlySpan<byte> image, float[] tangents, float[] pixels)
    {
        for (int i = 0; i < Pixels; i++)
        {
            pixels[i] = image[i] / 255f;
        }

        const float centre = (Side - 1) / 2f;
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                float Px(int xx, int yy) => xx < 0 || yy < 0 || xx >= Side || yy >= Side ? 0 : pixels[(yy * Side) + xx];
                float gx = (Px(x + 1, y) - Px(x - 1, y)) / 2, gy = (Px(x, y + 1) - Px(x, y - 1)) / 2;
                float cx = x - centre, cy = y - centre;
                int at = (y * Side) + x;
                tangents[at] = gx;
                tangents[Pixels + at] = gy;
                tangents[(2 * Pixels) + at] = (cy * gx) - (cx * gy);
                tangents[(3 * Pixels) + at] = (cx * gx) + (cy * gy);
                tangents[(4 * Pixels) + at] = (cx * gx) - (cy * gy);
                tangents[(5 * Pixels) + at] = (cy * gx) + (cx * gy);
                tangents[(6 * Pixels) + at] = (gx * gx) + (gy * gy);
            }
        }
    }

    // Two-sided tangent distance: the squared residual of query - reference after removing its projection on the
    // span of both images' tangents (Gram-Schmidt on the fourteen vectors).
    private static float TwoSided(Work w, ReadOnlySpan<byte> reference)
    {
        TangentBasis(reference, w.ReferenceTangents, w.ReferencePixels);
        float[] basis = w.Basis;
        int count = 0;
        for (int t = 0; t < 2 * Tangents; t++)
        {
            ReadOnlySpan<float> source = t < Tangents ? w.QueryTangents.AsSpan(t * Pixels, Pixels) : w.ReferenceTangents.AsSpan((t - Tangents) * Pixels, Pixels);
            Span<float> v = basis.AsSpan(count * Pixels, Pixels);
            source.CopyTo(v);
            for (int b = 0; b < count; b++)
            {
                ReadOnlySpan<float> u = basis.AsSpan(b * Pixels, Pixels);
                float dot = System.Numerics.Tensors.TensorPrimitives.Dot(v, u);
                for (int i = 0; i < Pixels; i++)
                {
                    v[i] -= dot * u[i];
                }
            }

            float norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(v, v));
            if (norm > 1e-3f)
            {
                System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
                count++;
            }
        }

        Span<float> difference = stackalloc float[Pixels];
        System.Numerics.Tensors.TensorPrimitives.Subtract(w.QueryPixels, w.ReferencePixels, difference);
        float total = System.Numerics.Tensors.TensorPrimitives.Dot(difference, difference);
        for (int b = 0; b < count; b++)
        {
            float dot = System.Numerics.Tensors.TensorPrimitives.Dot(difference, basis.AsSpan(b * Pixels, Pixels));
            total -= dot * dot;
        }

        return Math.Max(total, 0);
    }

    private static float[] Combine(float[] first, float[] second, double scale, int q)
    {
        var result = new float[Most];
        for (int j = 0; j < Most; j++)
        {
            result[j] = first[(q * Most) + j] + (float)(scale * second[(q * Most) + j]);
        }

        return result;
    }

    private static double Median(float[] values, int within)
    {
        var copy = new List<float>();
        for (int i = 0; i < values.Length; i++)
        {
            if (i % Most < within)
            {
                copy.Add(values[i]);
            }
        }

        copy.Sort();
        return copy[copy.Count / 2];
    }

    private static void Report(string name, int candidates, Func<int, float[]> distancesOf, byte[] truth, byte[] labels, NeighborResults found, double temperature = 0)
        => Console.WriteLine($"{name} | {string.Join(" | ", CandidateVotes.Errors([1, 3, 4, 5, 6, 8, 10, 12], truth, labels, found, candidates, distancesOf, tieByTrainingIndex: false, temperature))}");
}
