using System.Numerics.Tensors;
using Digits.Classifiers.Network;

namespace Digits.Lines;

/// <summary>
/// A group of line images of one width through a line reader (<see cref="LineShape"/>): the forward pass keeps
/// every activation and writes each column's class probabilities; the backward pass adds the group's gradient of
/// the CTC loss (<see cref="Ctc"/>) to <see cref="Gradient"/>. Each thread owns one pass.
/// </summary>
internal sealed class LinePass
{
    private readonly LineShape _shape;
    private readonly NetworkLayer[] _layers;
    private readonly float[][] _activations;
    private readonly float[][] _activationGradients;
    private readonly float[] _columns;
    private readonly float[] _columnGradient;
    private readonly float[] _logitGradient;
    private readonly int _outputWeights;
    private readonly int _outputBias;

    /// <param name="shape">The architecture.</param>
    /// <param name="width">The images' width.</param>
    /// <param name="capacity">Most images per group.</param>
    public LinePass(LineShape shape, int width, int capacity = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, shape.MinimumWidth());
        _shape = shape;
        Width = width;
        Capacity = capacity;
        int offset = 0;
        var layers = new List<NetworkLayer>();
        foreach (LayerShape layer in shape.LayersFor(width))
        {
            layers.Add(layer.Kind == LayerKind.Convolution ? new ConvolutionLayer(layer, offset, capacity, null) : new PoolingLayer(layer, capacity));
            offset += layer.ParameterCount;
        }

        _layers = [.. layers];
        _outputWeights = offset;
        _outputBias = offset + (LineAlphabet.Classes * shape.Features);
        Steps = _layers[^1].Shape.OutputWidth;
        _activations = new float[_layers.Length + 1][];
        _activationGradients = new float[_layers.Length + 1][];
        _activations[0] = new float[capacity * LineShape.Height * width];
        _activationGradients[0] = [];
        for (int l = 0; l < _layers.Length; l++)
        {
            _activations[l + 1] = new float[capacity * _layers[l].Shape.OutputLength];
            _activationGradients[l + 1] = new float[capacity * _layers[l].Shape.OutputLength];
        }

        _columns = new float[Steps * shape.Features];
        _columnGradient = new float[Steps * shape.Features];
        _logitGradient = new float[Steps * LineAlphabet.Classes];
        Probabilities = new float[capacity * Steps * LineAlphabet.Classes];
        Gradient = new float[shape.ParameterCount];
    }

    /// <summary>Gets the images' width.</summary>
    public int Width { get; }

    /// <summary>Gets the most images per group.</summary>
    public int Capacity { get; }

    /// <summary>Gets the output columns per image.</summary>
    public int Steps { get; }

    /// <summary>Gets the input images, ink 0..1, rows of <see cref="Width"/>, one image after another.</summary>
    public float[] Inputs => _activations[0];

    /// <summary>Gets each image's column probabilities (steps x classes) of the last forward pass.</summary>
    public float[] Probabilities { get; }

    /// <summary>Gets the summed gradient of the groups passed backward since it was last cleared.</summary>
    public float[] Gradient { get; }

    /// <summary>Runs the first <paramref name="count"/> images through the network into <see cref="Probabilities"/>.</summary>
    public void Forward(float[] parameters, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        ReadOnlySpan<float> w = parameters;
        for (int l = 0; l < _layers.Length; l++)
        {
            _layers[l].Forward(w, _activations[l], _activations[l + 1], count, PassMode.Reading);
        }

        int classes = LineAlphabet.Classes, features = _shape.Features;
        for (int i = 0; i < count; i++)
        {
            GatherColumns(i);
            for (int t = 0; t < Steps; t++)
            {
                Span<float> logits = Probabilities.AsSpan(((i * Steps) + t) * classes, classes);
                ReadOnlySpan<float> x = _columns.AsSpan(t * features, features);
                for (int o = 0; o < classes; o++)
                {
                    logits[o] = w[_outputBias + o] + TensorPrimitives.Dot(w.Slice(_outputWeights + (o * features), features), x);
                }

                TensorPrimitives.SoftMax(logits, logits);
            }
        }
    }

    /// <summary>
    /// After <see cref="Forward"/>: adds the gradient of the summed CTC losses of the images' texts to
    /// <see cref="Gradient"/> and returns that sum and how many images could not hold their text (left out).
    /// </summary>
    public (double Loss, int Impossible) Backward(float[] parameters, IReadOnlyList<int[]> labels)
    {
        ReadOnlySpan<float> w = parameters;
        Span<float> g = Gradient;
        int count = labels.Count, classes = LineAlphabet.Classes, features = _shape.Features;
        float[] logProbabilities = new float[Steps * classes];
        double loss = 0;
        int impossible = 0;
        float[] lastGradient = _activationGradients[^1];
        int lastLength = _layers[^1].Shape.OutputLength;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> p = Probabilities.AsSpan(i * Steps * classes, Steps * classes);
            for (int j = 0; j < p.Length; j++)
            {
                logProbabilities[j] = MathF.Log(Math.Max(p[j], 1e-30f));
            }

            double sample = Ctc.Loss(logProbabilities, classes, labels[i], _logitGradient);
            Span<float> dLast = lastGradient.AsSpan(i * lastLength, lastLength);
            dLast.Clear();
            if (double.IsPositiveInfinity(sample))
            {
                impossible++;
                continue;
            }

            loss += sample;
            GatherColumns(i);
            _columnGradient.AsSpan().Clear();
            for (int t = 0; t < Steps; t++)
            {
                ReadOnlySpan<float> x = _columns.AsSpan(t * features, features);
                Span<float> dx = _columnGradient.AsSpan(t * features, features);
                for (int o = 0; o < classes; o++)
                {
                    float delta = _logitGradient[(t * classes) + o];
                    g[_outputBias + o] += delta;
                    Span<float> row = g.Slice(_outputWeights + (o * features), features);
                    TensorPrimitives.MultiplyAdd(x, delta, row, row);
                    TensorPrimitives.MultiplyAdd(w.Slice(_outputWeights + (o * features), features), delta, dx, dx);
                }
            }

            ScatterColumns(dLast);
        }

        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            _layers[l].Backward(w, g, _activations[l], _activations[l + 1], _activationGradients[l + 1], _activationGradients[l], count);
        }

        return (loss, impossible);
    }

    // The last planes (channel, row, column) of image i as one feature vector per column (channel, row).
    private void GatherColumns(int i)
    {
        int length = _layers[^1].Shape.OutputLength, planes = _shape.Features;
        ReadOnlySpan<float> last = _activations[^1].AsSpan(i * length, length);
        for (int f = 0; f < planes; f++)
        {
            ReadOnlySpan<float> row = last.Slice(f * Steps, Steps);
            for (int t = 0; t < Steps; t++)
            {
                _columns[(t * planes) + f] = row[t];
            }
        }

    }

    private void ScatterColumns(Span<float> target)
    {
        int planes = _shape.Features;
        for (int f = 0; f < planes; f++)
        {
            Span<float> row = target.Slice(f * Steps, Steps);
            for (int t = 0; t < Steps; t++)
            {
                row[t] = _columnGradient[(t * planes) + f];
            }
        }
    }
}
