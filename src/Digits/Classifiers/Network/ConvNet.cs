using System.Diagnostics;
using Digits.Images;

namespace Digits.Classifiers.Network;

/// <summary>
/// A small convolutional network for 28x28 digits (<see cref="ConvNetShape"/>), trained by our own code
/// (<see cref="Train"/>): mini-batch Adam on training digits that are randomly rotated, scaled, sheared and
/// shifted (<see cref="Augmenter"/>; optionally also elastically distorted), optionally with dropout in the hidden
/// layer and a running average of the weights, both cores computing gradients. Its probabilities are the softmax outputs.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "A network lives as long as the process (the shipped one is a singleton); its per-thread buffers are plain arrays.")]
public sealed class ConvNet : IDigitClassifier
{
    private readonly ThreadLocal<ConvNetPass> _passes;

    internal ConvNet(ConvNetShape shape, float[] parameters)
    {
        shape.Validate();
        if (parameters.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"Expected {shape.ParameterCount} parameters for {shape}, got {parameters.Length}.", nameof(parameters));
        }

        Shape = shape;
        Parameters = parameters;
        _passes = new ThreadLocal<ConvNetPass>(() => new ConvNetPass(shape));
    }

    /// <summary>Gets the architecture.</summary>
    public ConvNetShape Shape { get; }

    /// <summary>Gets a one-line description.</summary>
    public string Description => $"CNN {Shape} ({Shape.ParameterCount:N0} parameters)";

    /// <summary>Gets the parameters, in the layout of <see cref="ConvNetShape"/>.</summary>
    internal float[] Parameters { get; }

    /// <summary>Trains a network on <paramref name="training"/>.</summary>
    /// <param name="training">28x28 training images and labels.</param>
    /// <param name="options">Architecture, schedule, distortions and seed.</param>
    /// <param name="progress">Receives each finished epoch.</param>
    /// <param name="batches">Receives the number of images done so far, over all epochs, after each batch.</param>
    /// <param name="validation">Held-out images to score after every epoch (<see cref="TrainingEpoch.ValidationAccuracy"/>), or null.</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    /// <returns>The trained network.</returns>
    public static ConvNet Train(LabeledImages training, ConvNetTrainingOptions options, IProgress<TrainingEpoch>? progress = null, IProgress<int>? batches = null, LabeledImages? validation = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckSize(training.Images);
        ConvNetShape shape = options.Shape;
        float[] parameters = Initialize(shape, options.Seed);
        var adam = new AdamOptimizer(parameters.Length);
        float[] average = (float[])parameters.Clone();
        float averaging = (float)options.WeightAveraging;
        float dropout = (float)options.Dropout;
        int steps = 0;
        int workers = Math.Clamp(Environment.ProcessorCount, 1, 8);
        var passes = Enumerable.Range(0, workers).Select(_ => new ConvNetPass(shape)).ToArray();
        var losses = new double[workers];
        var correct = new int[workers];
        float[] gradient = new float[parameters.Length];
        int n = training.Count;
        int side = ConvNetShape.Side;
        double rate = options.LearningRate;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            int[] order = Enumerable.Range(0, n).ToArray();
            new Random(Mix(options.Seed, epoch, -1)).Shuffle(order);
            double epochLoss = 0;
            int epochCorrect = 0;
            for (int start = 0; start < n; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(options.BatchSize, n - start);
                int currentEpoch = epoch;
                Parallel.For(0, workers, w =>
                {
                    ConvNetPass pass = passes[w];
                    Array.Clear(pass.Gradient);
                    losses[w] = 0;
                    correct[w] = 0;
                    for (int i = w; i < count; i += workers)
                    {
                        int index = order[start + i];
                        var random = new Random(Mix(options.Seed, currentEpoch, index));
                        Augmenter.Distort(training.Images[index], side, random, options.Augmentation, pass.Input);
                        pass.Forward(parameters, random, dropout);
                        int label = training.Labels[index];
                        correct[w] += ArgMax(pass.Probabilities) == label ? 1 : 0;
                        losses[w] += pass.Backward(parameters, label);
                    }
                });

                passes[0].Gradient.CopyTo(gradient, 0);
                for (int w = 1; w < workers; w++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(gradient, passes[w].Gradient, gradient);
                }

                System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, 1f / count, gradient);
                adam.Step(parameters, gradient, rate);
                if (averaging > 0)
                {
                    // average += (1 - decay) (parameters - average), with a decay that grows to the one asked for.
                    steps++;
                    float decay = Math.Min(averaging, (1f + steps) / (10f + steps));
                    System.Numerics.Tensors.TensorPrimitives.Lerp(average, parameters, 1 - decay, average);
                }

                epochLoss += losses.Sum();
                epochCorrect += correct.Sum();
                batches?.Report(((epoch - 1) * n) + start + count);
            }

            rate *= options.LearningRateDecay;
            double seconds = clock.Elapsed.TotalSeconds;
            double? validationAccuracy = validation is null ? null
                : Accuracy(new ConvNet(shape, averaging > 0 ? (float[])average.Clone() : (float[])parameters.Clone()), validation, cancellationToken);
            progress?.Report(new TrainingEpoch(epoch, epochLoss / n, (double)epochCorrect / n, seconds, validationAccuracy));
        }

        return new ConvNet(shape, averaging > 0 ? average : parameters);
    }

    /// <inheritdoc/>
    public byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        CheckSize(images);
        return ParallelClassify.Predict(this, images, progress, cancellationToken);
    }

    /// <inheritdoc/>
    public DigitPrediction Classify(ReadOnlySpan<byte> image)
    {
        if (image.Length != ConvNetShape.Side * ConvNetShape.Side)
        {
            throw new ArgumentException($"Expected a {ConvNetShape.Side}x{ConvNetShape.Side} image ({ConvNetShape.Side * ConvNetShape.Side} bytes), got {image.Length} bytes.", nameof(image));
        }

        ConvNetPass pass = _passes.Value!;
        Augmenter.Copy(image, pass.Input);
        pass.Forward(Parameters);
        double[] probabilities = pass.Probabilities.Select(p => (double)p).ToArray();
        return new DigitPrediction(ArgMax(pass.Probabilities), probabilities, []);
    }

    private static double Accuracy(ConvNet network, LabeledImages set, CancellationToken cancellationToken)
    {
        byte[] predicted = network.Predict(set.Images, null, cancellationToken);
        return (double)predicted.Where((digit, i) => digit == set.Labels[i]).Count() / set.Count;
    }

    // The first of equal maxima, as the vote helpers do.
    private static int ArgMax(ReadOnlySpan<float> values) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(values);

    // A fixed mix of three numbers into a seed (HashCode.Combine is randomised per process, which would make
    // training differ from run to run).
    internal static int Mix(int seed, int epoch, int index)
    {
        ulong x = ((ulong)(uint)seed << 40) ^ ((ulong)(uint)epoch << 24) ^ (uint)index;
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return (int)((x ^ (x >> 31)) & int.MaxValue);
    }

    private static void CheckSize(ImageSet images)
    {
        if (images.Rows != ConvNetShape.Side || images.Columns != ConvNetShape.Side)
        {
            throw new ArgumentException($"The network reads {ConvNetShape.Side}x{ConvNetShape.Side} images, got {images.Rows}x{images.Columns}.");
        }
    }

    // He initialisation (normal, variance 2 / fan-in) from the seed; biases start at zero.
    private static float[] Initialize(ConvNetShape s, int seed)
    {
        var random = new Random(seed);
        float[] parameters = new float[s.ParameterCount];
        void Fill(int offset, int count, int fanIn)
        {
            double sd = Math.Sqrt(2.0 / fanIn);
            for (int i = 0; i < count; i++)
            {
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                parameters[offset + i] = (float)(sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }

        Fill(s.Weights1, s.Filters1 * ConvNetShape.Rows1, ConvNetShape.Rows1);
        Fill(s.Weights2, s.Filters2 * s.Rows2, s.Rows2);
        Fill(s.Weights3, s.Hidden * s.Features, s.Features);
        Fill(s.Weights4, ConvNetShape.Classes * s.Hidden, s.Hidden);
        return parameters;
    }
}
