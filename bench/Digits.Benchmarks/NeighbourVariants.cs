using System.Diagnostics;
using Digits.Data;
using Digits.Images;
using Digits.Kernels;
using Digits.Models;
using Digits.Preprocessing;
using Digits.Search;

namespace Digits.Benchmarks;

/// <summary>
/// Which re-ranking distance the neighbour half should use, judged on the held-out split (fitted on the first
/// 50,000 training images, reading the last 10,000), never the test set. The Euclidean candidates are found once
/// as shipped; then every candidate's distance is measured several ways (IDM on differently preprocessed images,
/// other warps, Euclidean), and sums of them vote. Results: docs/neighbour-experiments.md.
///   dotnet run --project bench/Digits.Benchmarks -c Release -- neighbour-variants [--test]
/// </summary>
internal static class NeighbourVariants
{
    private const int HeldOut = 10_000;

    private sealed record Variant(string Name, Preprocessor Preprocessor, int Warp, int Context = 1);

    public static void Run(bool onTest)
    {
        MnistData data = new MnistLocator().Load();
        LabeledImages train = onTest ? data.Train : data.Train.Slice(0, data.Train.Count - HeldOut);
        LabeledImages queries = onTest ? data.Test : data.Train.Slice(data.Train.Count - HeldOut, HeldOut);
        int candidates = DefaultModel.Options.Candidates;
        var clock = Stopwatch.StartNew();
        var search = Digits.Classifiers.Knn.PreprocessedKnnClassifier.Fit(train, DefaultModel.Preprocessor, new Digits.Classifiers.Knn.KnnOptions { K = candidates });
        NeighborResults found = search.Knn.KNeighbors(DefaultModel.Preprocessor.Apply(queries.Images), candidates, null);
        Console.WriteLine($"candidates found in {clock.Elapsed.TotalSeconds:F1} s");

        Variant[] variants =
        [
            new("idm", DefaultModel.Preprocessor, 2),
            new("idm-c2", DefaultModel.Preprocessor, 2, 2),
            new("idm-c2-w3", DefaultModel.Preprocessor, 3, 2),
            new("idm-c0", DefaultModel.Preprocessor, 2, 0),
        ];

        int n = queries.Count;
        var distances = new float[variants.Length + 1][];
        for (int v = 0; v < variants.Length; v++)
        {
            clock.Restart();
            Variant variant = variants[v];
            ImageSet references = variant.Preprocessor.Apply(train.Images), asked = variant.Preprocessor.Apply(queries.Images);
            var result = new float[n * candidates];
            Parallel.For(
                0,
                n,
                () => (Query: new float[DeformationDistance.ImageFloats], Reference: new float[DeformationDistance.ImageFloats], Scratch: new float[DeformationDistance.ScratchFloats]),
                (q, _, w) =>
                {
                    GradientPlanes.Compute(asked[q], w.Query);
                    Span<int> indices = found.IndicesOf(q);
                    for (int j = 0; j < candidates; j++)
                    {
                        GradientPlanes.Compute(references[indices[j]], w.Reference);
                        result[(q * candidates) + j] = variant.Context == 1
                            ? DeformationDistance.Compute(w.Query, w.Reference, variant.Warp, w.Scratch)
                            : ContextDistance(w.Query, w.Reference, variant.Warp, variant.Context);
                    }

                    return w;
                },
                _ => { });
            distances[v] = result;
            Console.WriteLine($"{variant.Name}: {clock.Elapsed.TotalSeconds:F1} s");
        }

        var euclid = new float[n * candidates];
        for (int q = 0; q < n; q++)
        {
            for (int j = 0; j < candidates; j++)
            {
                euclid[(q * candidates) + j] = (float)(found.DistancesOf(q)[j] * found.DistancesOf(q)[j]);
            }
        }

        distances[variants.Length] = euclid;
        string[] names = [.. variants.Select(v => v.Name), "euclid"];

        // Each variant alone at several k, then pairs summed after scaling each to its median.
        var medians = distances.Select(d => Median(d)).ToArray();
        Console.WriteLine("distance | k=1 | k=3 | k=4 | k=5 | k=6 (errors of " + n + ")");
        for (int v = 0; v < distances.Length; v++)
        {
            int vv = v;
            Report(names[v], q => Slice(distances[vv], q, candidates), queries.Labels, train.Labels, found, candidates);
        }

        foreach (double share in new[] { 0.25, 0.5, 1.0 })
        {
            for (int a = 1; a < distances.Length; a++)
            {
                int aa = a;
                double scale = share * medians[0] / medians[a];
                Report($"idm + {share:0.##} {names[a]}", q => Combine(distances[0], distances[aa], scale, q, candidates), queries.Labels, train.Labels, found, candidates);
            }
        }
    }

    // IDM with a (2c+1)x(2c+1) context, plainly: for every displacement, the per-pixel cost box-summed over the
    // context, the cheapest displacement per pixel, summed over the image and its one-pixel gradient border.
    private static float ContextDistance(float[] query, float[] reference, int warp, int context)
    {
        const int stride = DeformationDistance.Stride, origin = DeformationDistance.Origin, plane = DeformationDistance.GridSize;
        int side = 30 + (2 * context);
        Span<float> cost = stackalloc float[side * side];
        Span<float> rows = stackalloc float[side * 30];
        Span<float> best = stackalloc float[30 * 30];
        best.Fill(float.PositiveInfinity);
        for (int dy = -warp; dy <= warp; dy++)
        {
            for (int dx = -warp; dx <= warp; dx++)
            {
                for (int gy = 0; gy < side; gy++)
                {
                    for (int gx = 0; gx < side; gx++)
                    {
                        int y = gy - 1 - context, x = gx - 1 - context;
                        int at = ((y + origin) * stride) + x + origin, shifted = at + (dy * stride) + dx;
                        float h = query[at] - reference[shifted], v = query[plane + at] - reference[plane + shifted];
                        cost[(gy * side) + gx] = (h * h) + (v * v);
                    }
                }

                for (int gy = 0; gy < side; gy++)
                {
                    for (int x = 0; x < 30; x++)
                    {
                        float sum = 0;
                        for (int o = 0; o <= 2 * context; o++)
                        {
                            sum += cost[(gy * side) + x + o];
                        }

                        rows[(gy * 30) + x] = sum;
                    }
                }

                for (int y = 0; y < 30; y++)
                {
                    for (int x = 0; x < 30; x++)
                    {
                        float sum = 0;
                        for (int o = 0; o <= 2 * context; o++)
                        {
                            sum += rows[((y + o) * 30) + x];
                        }

                        best[(y * 30) + x] = Math.Min(best[(y * 30) + x], sum);
                    }
                }
            }
        }

        float total = 0;
        foreach (float b in best)
        {
            total += b;
        }

        return total;
    }

    private static float[] Slice(float[] all, int q, int candidates) => all.AsSpan(q * candidates, candidates).ToArray();

    private static float[] Combine(float[] first, float[] second, double scale, int q, int candidates)
    {
        var result = new float[candidates];
        for (int j = 0; j < candidates; j++)
        {
            result[j] = first[(q * candidates) + j] + (float)(scale * second[(q * candidates) + j]);
        }

        return result;
    }

    private static double Median(float[] values)
    {
        float[] copy = (float[])values.Clone();
        Array.Sort(copy);
        return copy[copy.Length / 2];
    }

    private static void Report(string name, Func<int, float[]> distancesOf, byte[] truth, byte[] labels, NeighborResults found, int candidates)
        => Console.WriteLine($"{name} | {string.Join(" | ", CandidateVotes.Errors([1, 3, 4, 5, 6], truth, labels, found, candidates, distancesOf, tieByTrainingIndex: true))}");
}
