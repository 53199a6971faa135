using Digits.Classifiers;
using Digits.Data;
using Digits.Evaluation;
using Digits.Files;
using Digits.Images;
using Digits.Models;
using Digits.Photos;

namespace Digits.Benchmarks;

/// <summary>
/// Scores averages of networks on the MNIST test set, alone and beside the default model's neighbour half (at the
/// default model's weight), to see what an ensemble would give before shipping one:
/// With --test FOLDER, each model also reads a labelled folder of images through the photo pipeline (for example
/// the other writers of bench/other_writers.py):
///   dotnet run --project bench/Digits.Benchmarks -c Release -- network-averages [--with-shipped] [--test FOLDER] B.nn [C.nn ...]
/// </summary>
internal static class NetworkAverages
{
    public static void Run(IReadOnlyList<string> arguments)
    {
        MnistData data = new MnistLocator().Load();
        bool withShipped = arguments.Contains("--with-shipped");
        int folderAt = arguments.ToList().IndexOf("--test");
        string? folder = folderAt >= 0 ? arguments[folderAt + 1] : null;
        string[] files = arguments.Where((a, i) => a != "--with-shipped" && i != folderAt && i != folderAt + 1).ToArray();
        var networks = new List<IDigitClassifier>();
        if (withShipped || files.Length == 0)
        {
            networks.Add(PretrainedNetwork.Network);
        }

        networks.AddRange(files.Select(f => ConvNetFile.Load(f).Network));
        IDigitClassifier ensemble = networks[0];
        for (int i = 1; i < networks.Count; i++)
        {
            ensemble = new WeightedPair(ensemble, networks[i], i / (i + 1.0));
        }

        var full = (AverageClassifier)DefaultModel.Fit(data.Train);
        IDigitClassifier neighbours = full.Neighbours;
        double weight = DefaultModel.NeighbourWeight;
        List<(string Name, IDigitClassifier Model)> models =
        [
            .. networks.Select((n, i) => ($"network {i + 1} ({n.Description})", n)),
            .. networks.Select((n, i) => ($"neighbours x {weight} + network {i + 1}", (IDigitClassifier)new AverageClassifier(neighbours, n) { NeighbourWeight = weight })),
        ];
        if (networks.Count > 1)
        {
            models.Add(($"average of {networks.Count} networks", ensemble));
            models.Add(($"neighbours x {weight} + average of {networks.Count} networks", new AverageClassifier(neighbours, ensemble) { NeighbourWeight = weight }));
        }

        foreach ((string name, IDigitClassifier model) in models)
        {
            EvaluationReport report = Evaluator.Evaluate(model, data.Test);
            string other = "";
            if (folder is not null)
            {
                LabeledImages own = LabeledFolder.Load(folder, new DigitReader(model)).Images;
                EvaluationReport read = Evaluator.Evaluate(model, own);
                other = $"; {folder}: {read.Accuracy:P2} ({read.Errors} errors of {own.Count})";
            }

            Console.WriteLine($"{name}: {report.Accuracy:P2} ({report.Errors} errors){other}");
        }
    }

    // first x weight + second x (1 - weight), so a chain of pairs is an equal average of all members.
    private sealed class WeightedPair(IDigitClassifier first, IDigitClassifier second, double weight) : IDigitClassifier
    {
        public string Description => $"({first.Description}) x {weight:F2} + ({second.Description})";

        public byte[] Predict(Digits.Images.ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
            => ClassifyAll(images, progress, cancellationToken).Select(a => (byte)a.Digit).ToArray();

        public DigitPrediction[] ClassifyAll(Digits.Images.ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        {
            DigitPrediction[] a = first.ClassifyAll(images, null, cancellationToken), b = second.ClassifyAll(images, null, cancellationToken);
            return a.Zip(b, Combine).ToArray();
        }

        public DigitPrediction Classify(ReadOnlySpan<byte> image) => Combine(first.Classify(image), second.Classify(image));

        private DigitPrediction Combine(DigitPrediction a, DigitPrediction b)
        {
            double[] p = a.Probabilities.Zip(b.Probabilities, (x, y) => (weight * x) + ((1 - weight) * y)).ToArray();
            return new DigitPrediction(Array.IndexOf(p, p.Max()), p, []);
        }
    }
}
