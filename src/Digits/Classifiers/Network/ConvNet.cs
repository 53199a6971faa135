using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics.Tensors;
using Digits.Images;

namespace Digits.Classifiers.Network;

/// <summary>
/// A convolutional network for 28x28 digits (a line of layers, <see cref="ConvNetShape"/>), trained by our own
/// code (<see cref="Train"/>): mini-batch Adam on training digits that are randomly rotated, scaled, sheared and
/// shifted (<see cref="Augmenter"/>; optionally also elastically distorted), optionally with batch normalisation
/// (folded into the weights when training ends), dropout in the hidden dense layers and a running average of the
/// weights, the cores computing the gradients of groups of 32 images. Its probabilities are the softmax outputs.
/// </summary>
public sealed class ConvNet : IDigitClassifier
{
    // Buffers of one image's pass, lent to one read at a time: as many exist as reads ever ran at once, however
    // many threads have read (a server's thread pool grows and shrinks; a buffer per thread kept them all).
    private readonly ConcurrentBag<ConvNetPass> _passes = [];

    internal ConvNet(ConvNetShape shape, float[] parameters)
    {
        shape.Validate();
        if (parameters.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"Expected {shape.ParameterCount} parameters for {shape}, got {parameters.Length}.", nameof(parameters));
        }

        Shape = shape;
        Parameters = parameters;
    }

    /// <summary>Gets how many sets of one image's buffers wait to be lent (for tests).</summary>
    internal int PooledPasses => _passes.Count;

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
        bool normalized = options.BatchNormalization;
        float[] parameters = Initialize(shape, normalized, options.Seed);
        var adam = new AdamOptimizer(parameters.Length);
        float[] average = (float[])parameters.Clone();
        float averaging = (float)options.WeightAveraging;
        int steps = 0;

        // A batch is cut into groups of at most GroupSize images (the batch-normalisation groups); the groups run
        // in parallel and their gradients are summed in order, so training is the same on any number of cores.
        int groups = (options.BatchSize + GroupSize - 1) / GroupSize;
        var passes = Enumerable.Range(0, groups).Select(_ => new ConvNetPass(shape, Math.Min(GroupSize, options.BatchSize), normalized)).ToArray();
        var losses = new double[groups];
        var correct = new int[groups];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 1, 8), CancellationToken = cancellationToken };
        float[] gradient = new float[parameters.Length];
        int n = training.Count;
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
                int used = (count + GroupSize - 1) / GroupSize;
                int currentEpoch = epoch;
                Parallel.For(0, used, parallel, g =>
                {
                    ConvNetPass pass = passes[g];
                    int first = start + (g * pass.Capacity), size = Math.Min(pass.Capacity, start + count - first);
                    Array.Clear(pass.Gradient);
                    var (loss, right) = TrainGroup(pass, training, order.AsSpan(first, size), parameters, options, currentEpoch);
                    losses[g] = loss;
                    correct[g] = right;
                });

                passes[0].Gradient.CopyTo(gradient, 0);
                for (int g = 1; g < used; g++)
                {
                    TensorPrimitives.Add(gradient, passes[g].Gradient, gradient);
                }

                TensorPrimitives.Multiply(gradient, 1f / count, gradient);
                adam.Step(parameters, gradient, rate);
                if (averaging > 0)
                {
                    // average += (1 - decay) (parameters - average), with a decay that grows to the one asked for.
                    steps++;
                    float decay = Math.Min(averaging, (1f + steps) / (10f + steps));
                    TensorPrimitives.Lerp(average, parameters, 1 - decay, average);
                }

                epochLoss += losses.Take(used).Sum();
                epochCorrect += correct.Take(used).Sum();
                batches?.Report(((epoch - 1) * n) + start + count);
            }

            rate *= options.LearningRateDecay;
            double seconds = clock.Elapsed.TotalSeconds;
            double? validationAccuracy = validation is null ? null
                : Accuracy(Finish(shape, averaging > 0 ? average : parameters, training, options), validation, cancellationToken);
            progress?.Report(new TrainingEpoch(epoch, epochLoss / n, (double)epochCorrect / n, seconds, validationAccuracy));
        }

        return Finish(shape, averaging > 0 ? average : parameters, training, options);
    }

    /// <summary>The images per batch-normalisation group, fixed so that training does not depend on the number of cores.</summary>
    internal const int GroupSize = 32;

    /// <summary>The training images whose batch-normalisation statistics are folded into the network after training.</summary>
    internal const int StatisticsImages = 4096;

    // One group forward (distorted, with dropout) and backward; returns its summed loss and how many it got right.
    private static (double Loss, int Correct) TrainGroup(ConvNetPass pass, LabeledImages training, ReadOnlySpan<int> indices, float[] parameters, ConvNetTrainingOptions options, int epoch)
    {
        const int Pixels = ConvNetShape.Side * ConvNetShape.Side;
        var randoms = new Random[indices.Length];
        byte[] labels = new byte[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            randoms[i] = new Random(Mix(options.Seed, epoch, indices[i]));
            labels[i] = training.Labels[indices[i]];
            Augmenter.Distort(training.Images[indices[i]], ConvNetShape.Side, randoms[i], options.Augmentation, pass.Inputs.AsSpan(i * Pixels, Pixels), labels[i]);
        }

        pass.Forward(parameters, indices.Length, new PassMode(randoms, (float)options.Dropout));
        int right = 0;
        for (int i = 0; i < indices.Length; i++)
        {
            right += TensorPrimitives.IndexOfMax(pass.Probabilities.AsSpan(i * ConvNetShape.Classes, ConvNetShape.Classes)) == labels[i] ? 1 : 0;
        }

        return (pass.Backward(parameters, labels), right);
    }

    // The network to read with: without batch normalisation the parameters themselves; with it, the statistics of
    // StatisticsImages training images (distorted as in training, groups as in training, no dropout) folded in.
    private static ConvNet Finish(ConvNetShape shape, float[] parameters, LabeledImages training, ConvNetTrainingOptions options)
    {
        if (!options.BatchNormalization)
        {
            return new ConvNet(shape, (float[])parameters.Clone());
        }

        const int Pixels = ConvNetShape.Side * ConvNetShape.Side;
        var pass = new ConvNetPass(shape, Math.Min(GroupSize, options.BatchSize), batchNormalization: true);
        int images = Math.Min(StatisticsImages, training.Count);
        for (int first = 0; first < images; first += pass.Capacity)
        {
            int size = Math.Min(pass.Capacity, images - first);
            for (int i = 0; i < size; i++)
            {
                Augmenter.Distort(training.Images[first + i], ConvNetShape.Side, new Random(Mix(options.Seed, 0, first + i)), options.Augmentation, pass.Inputs.AsSpan(i * Pixels, Pixels), training.Labels[first + i]);
            }

            pass.Forward(parameters, size, new PassMode(CollectStatistics: true));
        }

        return new ConvNet(shape, pass.FoldBatchNormalization(parameters));
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

        ConvNetPass pass = _passes.TryTake(out ConvNetPass? free) ? free : new ConvNetPass(Shape);
        try
        {
            Augmenter.Copy(image, pass.Input);
            pass.Forward(Parameters);
            double[] probabilities = pass.Probabilities.Select(p => (double)p).ToArray();
            return new DigitPrediction(ArgMax(pass.Probabilities), probabilities, []);
        }
        finally
        {
            _passes.Add(pass);
        }
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

    // He initialisation (normal, variance 2 / fan-in) from the seed, layer by layer; biases and betas start at
    // zero, gammas at one.
    private static float[] Initialize(ConvNetShape shape, bool batchNormalization, int seed)
    {
        var random = new Random(seed);
        float[] parameters = new float[ConvNetPass.TrainingParameterCount(shape, batchNormalization)];
        void Fill(int offset, int count, int fanIn)
        {
            double sd = Math.Sqrt(2.0 / fanIn);
            for (int i = 0; i < count; i++)
            {
                double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                parameters[offset + i] = (float)(sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        }

        int offset = 0;
        foreach (LayerShape layer in shape.Parsed)
        {
            Fill(offset, layer.OutputChannels * layer.Fan, layer.Fan);
            offset += layer.ParameterCount;
        }

        Fill(offset, ConvNetShape.Classes * shape.Features, shape.Features);
        if (batchNormalization)
        {
            // A gamma block (ones) and a beta block (zeros) per normalised layer.
            int at = shape.ParameterCount;
            foreach (LayerShape layer in shape.Parsed.Where(l => l.Kind != LayerKind.Pool))
            {
                parameters.AsSpan(at, layer.OutputChannels).Fill(1);
                at += 2 * layer.OutputChannels;
            }
        }

        return parameters;
    }
}
