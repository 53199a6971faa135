using Digits.Classifiers;
using Digits.Data;
using Digits.Files;
using Digits.Images;
using Digits.Models;
using Digits.Photos;

namespace Digits.Benchmarks;

/// <summary>
/// Writes the signs <see cref="Novelty"/> is fitted on, one row per image, from training data only: MNIST
/// training digits (their own image left out of their neighbours), Fashion-MNIST training images and
/// textured blank crops made here. bench/fit_rejection.py fits the score on them.
///   dotnet run --project bench/Digits.Benchmarks -c Release -- rejection-features /tmp/rejection.tsv
/// </summary>
internal static class RejectionFeatures
{
    public static void Write(string path, int perKind = 6000)
    {
        MnistData data = new MnistLocator().Load();
        IDigitClassifier model = DefaultModel.Fit(data.Train);
        ImageSet fashion = IdxFile.ReadImages("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");
        var rows = new List<string>();
        var random = new Random(1);
        void Add(string kind, byte[] raw, int? self)
        {
            InkShape shape = InkShape.Measure(raw, 28, 28);
            byte[] input = DrawingNormalizer.Normalize(raw, 28, 28, out _);
            if (shape.IsBlank || Array.TrueForAll(input, p => p == 0))
            {
                return;
            }

            DigitPrediction p = model.Classify(input);
            if (self is int index)
            {
                p = p with { Neighbors = p.Neighbors.Where(n => n.Index != index).ToArray() };
            }

            rows.Add(kind + "\t" + p.Digit + "\t" + string.Join('\t', Novelty.Signs(p, shape).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        }

        for (int i = 0; i < perKind; i++)
        {
            int index = random.Next(data.Train.Count);
            Add("mnist", data.Train.Images[index].ToArray(), index);
            Add("fashion", fashion[random.Next(fashion.Count)].ToArray(), null);
            if (i < perKind / 6)
            {
                Add("blank", BlankCrop(random), null);
            }
        }

        File.WriteAllLines(path, rows);
        Console.WriteLine($"wrote {rows.Count} rows to {path}");
    }

    // Paper without writing, as a crop sees it: grain, a lighting gradient, sometimes a ruled line or a speck,
    // inverted so that darker than the paper counts as ink.
    private static byte[] BlankCrop(Random random)
    {
        var pixels = new byte[784];
        double grain = 5 + (random.NextDouble() * 25), slope = random.NextDouble() * 30;
        int line = random.NextDouble() < 0.3 ? random.Next(28) : -1;
        for (int y = 0; y < 28; y++)
        {
            for (int x = 0; x < 28; x++)
            {
                double v = (random.NextDouble() * grain) + (slope * x / 28) + (y == line ? 60 : 0);
                pixels[(y * 28) + x] = (byte)Math.Clamp(v, 0, 255);
            }
        }

        if (random.NextDouble() < 0.3)
        {
            int cx = random.Next(4, 24), cy = random.Next(4, 24);
            pixels[(cy * 28) + cx] = 200;
        }

        return pixels;
    }
}
