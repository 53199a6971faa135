using Digits.Classifiers;
using Digits.Data;
using Digits.Files;
using Digits.Images;
using Digits.Models;

namespace Digits.Benchmarks;

/// <summary>
/// Chooses the network's share in the default model's average on the held-out split, never the test set: the
/// neighbour half is fitted on the first 50,000 training images and the network given was trained on the same
/// 50,000 (<c>digits train --cnn --validation</c>); both read the last 10,000 once, and every share from 0 to 1
/// is scored on their probabilities:
///   dotnet run --project bench/Digits.Benchmarks -c Release -- average-weights HELD-OUT.nn
/// </summary>
internal static class AverageWeights
{
    private const int HeldOut = 10_000;

    public static void Run(string networkFile)
    {
        MnistData data = new MnistLocator().Load();
        LabeledImages train = data.Train.Slice(0, data.Train.Count - HeldOut), validation = data.Train.Slice(data.Train.Count - HeldOut, HeldOut);
        IDigitClassifier network = ConvNetFile.Load(networkFile).Network;
        IDigitClassifier neighbours = DefaultModel.FitNeighbours(train);
        DigitPrediction[] a = neighbours.ClassifyAll(validation.Images), b = network.ClassifyAll(validation.Images);
        Console.WriteLine($"held-out {HeldOut:N0}: neighbours alone {Accuracy(a, b, validation.Labels, 1):P2}, network alone {Accuracy(a, b, validation.Labels, 0):P2}");
        Console.WriteLine("network share | held-out accuracy | errors");
        for (int step = 0; step <= 20; step++)
        {
            double share = step / 20.0;
            double accuracy = Accuracy(a, b, validation.Labels, 1 - share);
            Console.WriteLine($"{share:F2} | {accuracy:P2} | {Math.Round((1 - accuracy) * HeldOut)}");
        }
    }

    private static double Accuracy(DigitPrediction[] neighbours, DigitPrediction[] network, byte[] labels, double neighbourShare)
    {
        int right = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int best = 0;
            double bestP = double.NegativeInfinity;
            for (int d = 0; d < 10; d++)
            {
                double p = (neighbourShare * neighbours[i].Probabilities[d]) + ((1 - neighbourShare) * network[i].Probabilities[d]);
                (best, bestP) = p > bestP ? (d, p) : (best, bestP);
            }

            right += best == labels[i] ? 1 : 0;
        }

        return (double)right / labels.Length;
    }
}
