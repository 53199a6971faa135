using System.Globalization;
using Digits.Classifiers;
using Digits.Classifiers.Knn;
using Digits.Data;
using Digits.Images;
using Digits.Models;
using Digits.Photos;
using Digits.Reports;

namespace Digits.Benchmarks;

/// <summary>
/// What teaching buys on writers the models never saw: for each writer, k of their digits per class (k = 1, 3,
/// 5) are taught and their other digits are scored, never the taught ones; 5 random draws per writer and k.
/// Writers: the 13 of the UCI digits (bench/other_writers.py; scikit-learn's copy is UCI's test set, written
/// by 13 people in consecutive blocks of about 138) and the writers of ../shared/photos (named in the file
/// names). A class with k digits or fewer keeps one to score. The neighbour half's weight when a taught
/// example votes is chosen on the odd-numbered UCI writers and reported on the even-numbered ones and the photos:
///   dotnet run --project bench/Digits.Benchmarks -c Release -- teaching /tmp/writers ../shared/photos docs/teaching.png
/// </summary>
internal static class Teaching
{
    private static readonly int[] Ks = [1, 3, 5];
    private static readonly double[] Weights = [0.5, 0.6, 0.75, 1.0];
    private static readonly float[] Scales = [1f, 0.8f, 0.6f, 0.45f, 0.3f];
    private const int Draws = 5;
    private const int UciWriters = 13;

    public static void Run(string writersFolder, string photosFolder, string plotPath)
    {
        MnistData data = new MnistLocator().Load();
        DeformationKnnClassifier knn = DefaultModel.FitNeighbours(data.Train);
        IDigitClassifier network = PretrainedNetwork.Network;
        var reader = new DigitReader(DefaultModel.Fit(data.Train));
        var writers = new List<Writer>();
        LabeledFolder uci = LabeledFolder.Load(writersFolder, reader);
        writers.AddRange(Group(uci, file => int.Parse(Path.GetFileNameWithoutExtension(file).Split("_sk")[1], CultureInfo.InvariantCulture) * UciWriters / 1797, id => id % 2 == 1 ? "choose" : "report", "uci"));
        LabeledFolder photos = LabeledFolder.Load(photosFolder, reader);
        string[] photoWriters = [.. photos.Files.Select(f => Path.GetFileNameWithoutExtension(f).Split('_')[1]).Distinct().Order(StringComparer.Ordinal)];
        writers.AddRange(Group(photos, file => Array.IndexOf(photoWriters, Path.GetFileNameWithoutExtension(file).Split('_')[1]), _ => "photos", "photo"));
        Console.WriteLine($"{writers.Count} writers: {string.Join(", ", writers.Select(w => $"{w.Name} ({w.Images.Count})"))}");

        // correct[group][k][weight]; k = 0 is the untaught model on the same scored digits.
        var results = new Dictionary<string, Dictionary<int, double[]>>();
        var scored = new Dictionary<string, Dictionary<int, int>>();
        foreach (Writer writer in writers)
        {
            DigitPrediction[] net = network.ClassifyAll(writer.Images.Images);
            DigitPrediction[] plain = knn.ClassifyAll(writer.Images.Images);
            foreach (int k in Ks)
            {
                for (int draw = 0; draw < Draws; draw++)
                {
                    var (taught, rest) = Split(writer.Images.Labels, k, new Random((writers.IndexOf(writer) * 1000) + (k * 10) + draw));
                    var examples = new LabeledImages(writer.Images.Images.Select(taught), taught.Select(i => writer.Images.Labels[i]).ToArray());
                    var group = results.TryGetValue(writer.Group, out var g) ? g : results[writer.Group] = [];
                    var counts = scored.TryGetValue(writer.Group, out var c) ? c : scored[writer.Group] = [];
                    double[] correct = group.TryGetValue(k, out var r) ? r : group[k] = new double[1 + (Scales.Length * Weights.Length)];
                    counts[k] = counts.GetValueOrDefault(k) + rest.Length;
                    for (int j = 0; j < rest.Length; j++)
                    {
                        correct[0] += Combine(plain[rest[j]], net[rest[j]], 0.5) == writer.Images.Labels[rest[j]] ? 1 : 0;
                    }

                    for (int s = 0; s < Scales.Length; s++)
                    {
                        DigitPrediction[] personal = knn.WithExamples(examples, Scales[s]).ClassifyAll(writer.Images.Images.Select(rest));
                        for (int j = 0; j < rest.Length; j++)
                        {
                            int i = rest[j];
                            int truth = writer.Images.Labels[i];
                            for (int w = 0; w < Weights.Length; w++)
                            {
                                double weight = Array.Exists(personal[j].Neighbors, n => n.Personal) ? Weights[w] : 0.5;
                                correct[1 + (s * Weights.Length) + w] += Combine(personal[j], net[i], weight) == truth ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }

        string[] settings = [.. Scales.SelectMany(s => Weights.Select(w => $"d x{s:0.##}, w {w:0.##}"))];
        Console.WriteLine($"| writers | taught per class | digits scored | untaught | {string.Join(" | ", settings)} |");
        Console.WriteLine($"| --- | --- | --- | --- |{string.Concat(settings.Select(_ => " --- |"))}");
        foreach (var (group, byK) in results)
        {
            foreach (int k in Ks)
            {
                double n = scored[group][k];
                Console.WriteLine($"| {group} | {k} | {n / Draws:F0} | {byK[k][0] / n:P2} | {string.Join(" | ", byK[k].Skip(1).Select(x => (x / n).ToString("P2", CultureInfo.InvariantCulture)))} |");
            }
        }

        int best = Enumerable.Range(0, settings.Length).MaxBy(w => Ks.Sum(k => results["choose"][k][w + 1] / scored["choose"][k]));
        Console.WriteLine($"chosen on the odd UCI writers: {settings[best]}");
        var series = new List<(string, IReadOnlyList<(int, double)>, bool)>();
        foreach (string group in new[] { "report", "photos" })
        {
            string name = group == "report" ? "UCI writers (even-numbered)" : "writers of ../shared/photos";
            var byK = results[group];
            double untaught = byK[1][0] / scored[group][1];
            series.Add(($"{name}, taught", [(0, untaught), .. Ks.Select(k => (k, byK[k][best + 1] / scored[group][k]))], false));
            series.Add(($"{name}, untaught (same digits scored)", [(0, untaught), .. Ks.Select(k => (k, byK[k][0] / scored[group][k]))], true));
        }

        TeachingPlot.Write(series, plotPath, $"Teaching writers the models never saw ({settings[best]})");
        Console.WriteLine($"plot: {plotPath}");
    }

    private static int Combine(DigitPrediction neighbours, DigitPrediction network, double weight)
    {
        int best = neighbours.Digit;
        double top = double.NegativeInfinity;
        for (int d = 0; d < 10; d++)
        {
            double p = (weight * neighbours.Probabilities[d]) + ((1 - weight) * network.Probabilities[d]);
            if (p > top || (p == top && d == neighbours.Digit))
            {
                top = p;
                best = d;
            }
        }

        return best;
    }

    // Per class: k taught (or all but one, when the class has k or fewer), the rest scored.
    private static (int[] Taught, int[] Scored) Split(byte[] labels, int k, Random random)
    {
        var taught = new List<int>();
        var rest = new List<int>();
        foreach (var digit in Enumerable.Range(0, labels.Length).GroupBy(i => labels[i]))
        {
            int[] shuffled = digit.OrderBy(_ => random.Next()).ToArray();
            int teach = Math.Min(k, shuffled.Length - 1);
            taught.AddRange(shuffled[..teach]);
            rest.AddRange(shuffled[teach..]);
        }

        return ([.. taught.Order()], [.. rest.Order()]);
    }

    private static IEnumerable<Writer> Group(LabeledFolder folder, Func<string, int> writerOf, Func<int, string> groupOf, string prefix)
    {
        var byWriter = Enumerable.Range(0, folder.Files.Length).GroupBy(i => writerOf(folder.Files[i]));
        foreach (var writer in byWriter)
        {
            int[] indices = [.. writer];
            var images = new LabeledImages(folder.Images.Images.Select(indices), indices.Select(i => folder.Images.Labels[i]).ToArray());
            string name = prefix == "photo" ? Path.GetFileNameWithoutExtension(folder.Files[indices[0]]).Split('_')[1] : $"{prefix}{writer.Key}";
            yield return new Writer(name, groupOf(writer.Key), images);
        }
    }

    private sealed record Writer(string Name, string Group, LabeledImages Images);
}
