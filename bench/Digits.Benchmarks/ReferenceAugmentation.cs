using System.Diagnostics;
using Digits.Classifiers;
using Digits.Classifiers.Knn;
using Digits.Data;
using Digits.Images;
using Digits.Models;

namespace Digits.Benchmarks;

/// <summary>
/// Whether distorted copies of the training digits among the neighbours help the neighbour half (KNN with IDM
/// re-ranking) of the default model, judged on the held-out split, never the test set: the neighbours are
/// fitted on the first 50,000 training images plus copies of them made by each recipe given, and read the last
/// 10,000. A recipe is a list of copies joined by '+': <c>rot6</c> (turned 6 degrees each way), <c>scale10</c>
/// (10% larger and smaller), <c>thick</c> (strokes thicker and thinner), <c>coarse8</c> (coarsened as an 8-cell
/// scan); <c>none</c> adds no copies. <c>RECIPE:k</c> also multiplies k and the candidates re-ranked by the number of
/// copies, so copies of one digit cannot outvote the rest. Results: docs/neighbour-experiments.md.
///   dotnet run --project bench/Digits.Benchmarks -c Release -- reference-augmentation none rot6 rot6:k thick
///   dotnet run --project bench/Digits.Benchmarks -c Release -- reference-augmentation --write coarse8 IMAGES LABELS   (60,000 + copies, for digits eval --train-images)
/// </summary>
internal static class ReferenceAugmentation
{
    private const int HeldOut = 10_000;

    public static void Run(IReadOnlyList<string> recipes)
    {
        MnistData data = new MnistLocator().Load();
        LabeledImages train = data.Train.Slice(0, data.Train.Count - HeldOut), validation = data.Train.Slice(data.Train.Count - HeldOut, HeldOut);
        Console.WriteLine("recipe | references | held-out accuracy | errors | seconds to read 10,000");
        foreach (string recipe in recipes)
        {
            string[] parts = recipe.Split(':');
            LabeledImages references = WithCopies(train, parts[0]);
            int copies = (int)Math.Round(references.Count / (double)train.Count);
            DeformationOptions options = DefaultModel.Options with { K = DefaultModel.Options.K * (parts.Length > 1 ? copies : 1), Candidates = DefaultModel.Options.Candidates * (parts.Length > 1 ? copies : 1) };
            DeformationKnnClassifier neighbours = DeformationKnnClassifier.Fit(references, DefaultModel.Preprocessor, options);
            var clock = Stopwatch.StartNew();
            DigitPrediction[] answers = neighbours.ClassifyAll(validation.Images);
            int errors = answers.Where((answer, i) => answer.Digit != validation.Labels[i]).Count();
            Console.WriteLine($"{recipe} | {references.Count:N0} | {1 - (errors / (double)HeldOut):P2} | {errors} | {clock.Elapsed.TotalSeconds:F1}");
        }
    }

    /// <summary>Writes all 60,000 training digits and the copies <paramref name="recipe"/> names as an IDX pair, for <c>digits eval --train-images</c>.</summary>
    public static void Write(string recipe, string images, string labels)
    {
        LabeledImages references = WithCopies(new MnistLocator().Load().Train, recipe);
        Digits.Files.IdxFile.WriteImages(images, references.Images);
        Digits.Files.IdxFile.WriteLabels(labels, references.Labels);
        Console.WriteLine($"wrote {references.Count:N0} references to {images} and {labels}");
    }

    /// <summary>The training digits followed by the copies <paramref name="recipe"/> names.</summary>
    public static LabeledImages WithCopies(LabeledImages train, string recipe)
    {
        var transforms = new List<Func<byte[], int, byte[]?>>();
        foreach (string part in recipe.Split('+'))
        {
            if (part == "none")
            {
                continue;
            }

            if (part.StartsWith("rot", StringComparison.Ordinal))
            {
                double degrees = double.Parse(part[3..], System.Globalization.CultureInfo.InvariantCulture);
                transforms.Add((image, _) => Affine(image, degrees, 1));
                transforms.Add((image, _) => Affine(image, -degrees, 1));
            }
            else if (part.StartsWith("scale", StringComparison.Ordinal))
            {
                double amount = double.Parse(part[5..], System.Globalization.CultureInfo.InvariantCulture) / 100;
                transforms.Add((image, _) => Affine(image, 0, 1 + amount));
                transforms.Add((image, _) => Affine(image, 0, 1 - amount));
            }
            else if (part.StartsWith("coarse", StringComparison.Ordinal))
            {
                int cells = int.Parse(part[6..], System.Globalization.CultureInfo.InvariantCulture);
                transforms.Add((image, _) =>
                {
                    float[] grey = image.Select(p => p / 255f).ToArray();
                    Digits.Classifiers.Network.Augmenter.Coarsen(grey, 28, cells, 0.3f);
                    return grey.Select(p => (byte)Math.Round(p * 255)).ToArray();
                });
            }
            else if (part == "thick")
            {
                transforms.Add((image, _) => Thickness(image, true));
                transforms.Add((image, _) => Thickness(image, false));
            }
            else
            {
                throw new ArgumentException($"unknown copy '{part}' in recipe '{recipe}'");
            }
        }

        int n = train.Count, size = train.Images.PixelsPerImage;
        var pixels = new List<byte>(train.Images.Pixels);
        var labels = new List<byte>(train.Labels);
        foreach (var transform in transforms)
        {
            var copies = new byte[]?[n];
            Parallel.For(0, n, i => copies[i] = transform(train.Images[i].ToArray(), train.Labels[i]));
            for (int i = 0; i < n; i++)
            {
                if (copies[i] is { } copy)
                {
                    pixels.AddRange(copy);
                    labels.Add(train.Labels[i]);
                }
            }
        }

        return new LabeledImages(new ImageSet(pixels.ToArray(), labels.Count, 28, 28), labels.ToArray());
    }

    private static byte[] Affine(byte[] image, double degrees, double scale)
    {
        const int side = 28;
        double angle = degrees * Math.PI / 180, cos = Math.Cos(angle) / scale, sin = Math.Sin(angle) / scale;
        double total = 0, cx = 0, cy = 0;
        for (int i = 0; i < image.Length; i++)
        {
            total += image[i];
            cx += image[i] * (i % side);
            cy += image[i] * (i / side);
        }

        (cx, cy) = total > 0 ? (cx / total, cy / total) : (13.5, 13.5);
        var result = new byte[image.Length];
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                double u = x - cx, v = y - cy;
                double sx = (cos * u) + (sin * v) + cx, sy = (-sin * u) + (cos * v) + cy;
                result[(y * side) + x] = (byte)Math.Round(Sample(image, side, sx, sy));
            }
        }

        return result;
    }

    private static byte[] Thickness(byte[] image, bool thicker)
    {
        const int side = 28;
        var result = new byte[image.Length];
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                int extreme = image[(y * side) + x];
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int yy = y + dy, xx = x + dx;
                        int value = (uint)yy < side && (uint)xx < side ? image[(yy * side) + xx] : 0;
                        extreme = thicker ? Math.Max(extreme, value) : Math.Min(extreme, value);
                    }
                }

                result[(y * side) + x] = (byte)((image[(y * side) + x] + extreme + 1) / 2);
            }
        }

        return result;
    }

    private static double Sample(byte[] image, int side, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        double top = ((1 - fx) * Pixel(image, side, x0, y0)) + (fx * Pixel(image, side, x0 + 1, y0));
        double bottom = ((1 - fx) * Pixel(image, side, x0, y0 + 1)) + (fx * Pixel(image, side, x0 + 1, y0 + 1));
        return ((1 - fy) * top) + (fy * bottom);
    }

    private static double Pixel(byte[] image, int side, int x, int y)
        => (uint)x < (uint)side && (uint)y < (uint)side ? image[(y * side) + x] : 0;
}
