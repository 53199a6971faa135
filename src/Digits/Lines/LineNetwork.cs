using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics.Tensors;

namespace Digits.Lines;

/// <summary>
/// Reads a whole line of handwriting at once (the way the best readers of cheque amounts and ZIP codes do): a
/// convolutional network (<see cref="LineShape"/>) gives every column of the line the probabilities of the
/// <see cref="LineAlphabet"/> classes, and the best path through them (<see cref="Ctc"/>) is the text, digits and
/// separators together, without cutting the line into digits first. Trained by our own code with the CTC loss
/// (<see cref="Train"/>). Thread-safe.
/// </summary>
public sealed class LineNetwork
{
    /// <summary>The blank columns put on each side of a line before it is read.</summary>
    public const int Margin = 8;

    private readonly ConcurrentDictionary<int, ConcurrentBag<LinePass>> _passes = new();
    private readonly float[][] _members;

    /// <summary>Creates a network from its parameters.</summary>
    /// <exception cref="ArgumentException">The number of parameters does not match the shape, or one is not finite.</exception>
    public LineNetwork(LineShape shape, float[] parameters)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"Expected {shape.ParameterCount} parameters for {shape}, got {parameters.Length}.", nameof(parameters));
        }

        Shape = shape;
        Parameters = parameters;
        _members = [parameters];
    }

    private LineNetwork(LineShape shape, float[][] members)
    {
        Shape = shape;
        Parameters = members[0];
        _members = members;
    }

    /// <summary>Gets the architecture.</summary>
    public LineShape Shape { get; }

    /// <summary>Gets a one-line description.</summary>
    public string Description => _members.Length == 1
        ? $"line reader {Shape} ({Shape.ParameterCount:N0} parameters)"
        : $"{_members.Length} line readers {Shape} averaged ({Shape.ParameterCount:N0} parameters each)";

    /// <summary>Gets how many networks are averaged (1 for a trained network).</summary>
    public int MemberCount => _members.Length;

    /// <summary>
    /// Combines line readers of one shape into one that reads with each and averages their probabilities column by
    /// column before the best path is taken (the same columns in each, since the shape is the same).
    /// </summary>
    /// <exception cref="ArgumentException">No networks, or their shapes differ.</exception>
    public static LineNetwork Average(IReadOnlyList<LineNetwork> networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        if (networks.Count == 0)
        {
            throw new ArgumentException("at least one line reader is needed", nameof(networks));
        }

        LineShape shape = networks[0].Shape;
        if (networks.Any(n => n.Shape.ToString() != shape.ToString()))
        {
            throw new ArgumentException($"line readers of different shapes cannot be averaged: {string.Join(", ", networks.Select(n => n.Shape).Distinct())}", nameof(networks));
        }

        return networks.Count == 1 ? networks[0] : new LineNetwork(shape, networks.SelectMany(n => n._members).ToArray());
    }

    /// <summary>Gets the parameters.</summary>
    internal float[] Parameters { get; }

    /// <summary>Reads one line.</summary>
    public LineReading Read(LineImage line)
    {
        ArgumentNullException.ThrowIfNull(line);
        int width = PassWidth(Shape, line.Width + (2 * Margin));
        LinePass pass = Rent(width);
        try
        {
            Place(line, pass.Inputs, width, Margin);
            pass.Forward(_members[0], 1);
            Span<float> probabilities = pass.Probabilities.AsSpan(0, pass.Steps * LineAlphabet.Classes);
            if (_members.Length == 1)
            {
                return Decode(probabilities, line.Width);
            }

            float[] sum = probabilities.ToArray();
            for (int m = 1; m < _members.Length; m++)
            {
                pass.Forward(_members[m], 1);
                TensorPrimitives.Add(sum, probabilities, sum);
            }

            TensorPrimitives.Multiply(sum, 1f / _members.Length, sum);
            return Decode(sum, line.Width);
        }
        finally
        {
            _passes[width].Add(pass);
        }
    }

    /// <summary>Trains a line reader on lines drawn from <paramref name="samples"/>.</summary>
    /// <param name="samples">Gives a line and its text for a random source (called from several threads, each with its own random source).</param>
    /// <param name="options">Architecture, schedule and seed.</param>
    /// <param name="start">Parameters to go on from (a checkpoint), or null to start afresh.</param>
    /// <param name="firstBatch">The batch to go on from (for the schedule).</param>
    /// <param name="progress">Receives the loss every 50 batches.</param>
    /// <param name="checkpoint">Called with the parameters and the batches done every 500 batches.</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    /// <returns>The trained network.</returns>
    public static LineNetwork Train(Func<Random, (LineImage Line, string Text)> samples, LineTrainingOptions options, float[]? start = null, int firstBatch = 0, IProgress<LineTrainingProgress>? progress = null, Action<float[], int>? checkpoint = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        LineShape shape = options.Shape;
        float[] parameters = start is null ? Initialize(shape, options.Seed) : (float[])start.Clone();
        if (parameters.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"the checkpoint has {parameters.Length} parameters, {shape} needs {shape.ParameterCount}", nameof(start));
        }

        var adam = new Classifiers.Network.AdamOptimizer(parameters.Length);
        const int Groups = 2;
        int groupSize = (options.BatchSize + Groups - 1) / Groups;
        var passes = Enumerable.Range(0, Groups).Select(_ => new Dictionary<int, LinePass>()).ToArray();
        var losses = new (double Loss, int Impossible, int Count)[Groups];
        float[] gradient = new float[parameters.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Groups, CancellationToken = cancellationToken };
        var clock = Stopwatch.StartNew();
        double reportLoss = 0;
        int reportLines = 0, reportImpossible = 0;
        for (int batch = firstBatch; batch < options.Batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int current = batch;
            Parallel.For(0, Groups, parallel, g =>
            {
                var random = new Random(HashCode.Combine(options.Seed, current, g));
                var lines = new (LineImage Line, string Text)[groupSize];
                for (int i = 0; i < groupSize; i++)
                {
                    lines[i] = samples(random);
                }

                int width = PassWidth(shape, lines.Max(l => l.Line.Width) + (2 * Margin));
                if (!passes[g].TryGetValue(width, out LinePass? pass))
                {
                    pass = passes[g][width] = new LinePass(shape, width, groupSize);
                }

                pass.Inputs.AsSpan().Clear();
                for (int i = 0; i < groupSize; i++)
                {
                    int room = width - lines[i].Line.Width;
                    Place(lines[i].Line, pass.Inputs.AsSpan(i * LineShape.Height * width, LineShape.Height * width), width, random.Next(0, room + 1));
                }

                Array.Clear(pass.Gradient);
                pass.Forward(parameters, groupSize);
                var (loss, impossible) = pass.Backward(parameters, lines.Select(l => LineAlphabet.Encode(l.Text)).ToArray());
                losses[g] = (loss, impossible, groupSize - impossible);
            });

            Array.Clear(gradient);
            int counted = 0;
            foreach (var group in passes)
            {
                foreach (LinePass pass in group.Values)
                {
                    TensorPrimitives.Add(gradient, pass.Gradient, gradient);
                    Array.Clear(pass.Gradient);
                }
            }

            foreach (var (loss, impossible, count) in losses)
            {
                counted += count;
                reportLoss += loss;
                reportImpossible += impossible;
            }

            reportLines += counted;
            TensorPrimitives.Multiply(gradient, 1f / Math.Max(1, counted), gradient);
            ClipNorm(gradient, 5f);
            double progressShare = (double)batch / options.Batches;
            double rate = options.LearningRate * (options.FinalRate + ((1 - options.FinalRate) * 0.5 * (1 + Math.Cos(Math.PI * progressShare))));
            adam.Step(parameters, gradient, rate);
            if ((batch + 1) % 50 == 0)
            {
                progress?.Report(new LineTrainingProgress(batch + 1, reportLoss / Math.Max(1, reportLines), reportImpossible, clock.Elapsed.TotalSeconds));
                (reportLoss, reportLines, reportImpossible) = (0, 0, 0);
            }

            if ((batch + 1) % 500 == 0)
            {
                checkpoint?.Invoke((float[])parameters.Clone(), batch + 1);
            }
        }

        return new LineNetwork(shape, parameters);
    }

    // The best path, with each character's columns mapped back to the line image's pixels.
    private LineReading Decode(ReadOnlySpan<float> probabilities, int lineWidth)
    {
        int classes = LineAlphabet.Classes, steps = probabilities.Length / classes;
        double logPath = 0;
        for (int t = 0; t < steps; t++)
        {
            logPath += Math.Log(Math.Max(1e-30, TensorPrimitives.Max(probabilities.Slice(t * classes, classes))));
        }

        double half = (Shape.CentreOf(1) - Shape.CentreOf(0)) / 2;
        IReadOnlyList<CtcCharacter> path = Ctc.BestPath(probabilities, classes);
        var characters = new LineCharacter[path.Count];
        for (int i = 0; i < path.Count; i++)
        {
            CtcCharacter c = path[i];
            characters[i] = new LineCharacter(
                LineAlphabet.CharacterOf(c.Class),
                Math.Clamp(Shape.CentreOf(c.First) - half - Margin, 0, lineWidth),
                Math.Clamp(Shape.CentreOf(c.Last) + half - Margin, 0, lineWidth),
                c.Confidence,
                DigitShares(probabilities.Slice(c.Peak * classes, classes)));
        }

        return new LineReading(new string(characters.Select(c => c.Character).ToArray()), characters, Math.Exp(logPath));
    }

    // The ten digits' probabilities in one column, scaled to sum to 1.
    private static double[] DigitShares(ReadOnlySpan<float> column)
    {
        double[] shares = new double[10];
        for (int d = 0; d < 10; d++)
        {
            shares[d] = column[LineAlphabet.ClassOf((char)('0' + d))];
        }

        double sum = shares.Sum();
        return sum > 0 ? shares.Select(v => v / sum).ToArray() : shares;
    }

    // Widths are rounded up to a multiple of 16, so that a few sets of buffers serve every line.
    private static int PassWidth(LineShape shape, int width) => Math.Max(shape.MinimumWidth(), (width + 15) / 16 * 16);

    private LinePass Rent(int width)
    {
        ConcurrentBag<LinePass> bag = _passes.GetOrAdd(width, _ => []);
        return bag.TryTake(out LinePass? pass) ? pass : new LinePass(Shape, width);
    }

    private static void Place(LineImage line, Span<float> target, int width, int left)
    {
        target.Clear();
        for (int y = 0; y < LineShape.Height; y++)
        {
            line.Pixels.AsSpan(y * line.Width, line.Width).CopyTo(target.Slice((y * width) + left, line.Width));
        }
    }

    private static void ClipNorm(Span<float> gradient, float limit)
    {
        float norm = TensorPrimitives.Norm(gradient);
        if (norm > limit)
        {
            TensorPrimitives.Multiply(gradient, limit / norm, gradient);
        }
    }

    // He initialisation for the ReLU layers, small weights for the output.
    private static float[] Initialize(LineShape shape, int seed)
    {
        var random = new Random(seed);
        float[] parameters = new float[shape.ParameterCount];
        int offset = 0;
        foreach (var layer in shape.LayersFor(shape.MinimumWidth()))
        {
            if (layer.ParameterCount == 0)
            {
                continue;
            }

            double spread = Math.Sqrt(2.0 / layer.Fan);
            for (int i = 0; i < layer.OutputChannels * layer.Fan; i++)
            {
                parameters[offset + i] = (float)(random.NextGaussian() * spread);
            }

            offset += layer.ParameterCount;
        }

        double output = Math.Sqrt(1.0 / shape.Features);
        for (int i = 0; i < LineAlphabet.Classes * shape.Features; i++)
        {
            parameters[offset + i] = (float)(random.NextGaussian() * output);
        }

        return parameters;
    }
}
