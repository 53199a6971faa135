using System.Numerics.Tensors;

namespace Digits.Classifiers.Network;

/// <summary>
/// A group of images through the network (<see cref="ConvNetShape"/>): the forward pass keeps every activation,
/// and the backward pass adds the group's gradient of the cross-entropy loss to <see cref="Gradient"/>. With
/// batch normalisation, each convolution and hidden dense layer is normalised over the group, and its gammas and
/// betas follow the network's parameters in the training parameters (<see cref="TrainingParameterCount"/>).
/// Each thread owns one pass.
/// </summary>
internal sealed class ConvNetPass
{
    private const int Classes = ConvNetShape.Classes;
    private readonly ConvNetShape _shape;
    private readonly NetworkLayer[] _layers;
    private readonly float[][] _activations;
    private readonly float[][] _activationGradients;
    private readonly int _outputWeights;
    private readonly int _outputBias;

    /// <param name="shape">The architecture.</param>
    /// <param name="capacity">Most images per group.</param>
    /// <param name="batchNormalization">Whether convolutions and hidden dense layers are batch-normalised.</param>
    public ConvNetPass(ConvNetShape shape, int capacity = 1, bool batchNormalization = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _shape = shape;
        Capacity = capacity;
        int offset = 0, normalization = shape.ParameterCount;
        var layers = new List<NetworkLayer>();
        foreach (LayerShape layer in shape.Parsed)
        {
            BatchNormalization? norm = null;
            if (batchNormalization && layer.Kind != LayerKind.Pool)
            {
                norm = new BatchNormalization(layer.OutputChannels, layer.OutputHeight * layer.OutputWidth, capacity, normalization);
                normalization += 2 * layer.OutputChannels;
            }

            layers.Add(layer.Kind switch
            {
                LayerKind.Convolution => new ConvolutionLayer(layer, offset, capacity, norm),
                LayerKind.Dense => new DenseLayer(layer, offset, capacity, norm),
                _ => new PoolingLayer(layer, capacity),
            });
            offset += layer.ParameterCount;
        }

        _layers = [.. layers];
        _outputWeights = offset;
        _outputBias = offset + (Classes * shape.Features);
        _activations = new float[_layers.Length + 1][];
        _activationGradients = new float[_layers.Length + 1][];
        _activations[0] = new float[capacity * ConvNetShape.Side * ConvNetShape.Side];
        _activationGradients[0] = [];
        for (int l = 0; l < _layers.Length; l++)
        {
            _activations[l + 1] = new float[capacity * _layers[l].Shape.OutputLength];
            _activationGradients[l + 1] = new float[capacity * _layers[l].Shape.OutputLength];
        }

        Probabilities = new float[capacity * Classes];
        Gradient = new float[normalization];
        Normalizations = _layers.Select(l => l.Normalization).OfType<BatchNormalization>().ToArray();
    }

    /// <summary>Gets the most images per group.</summary>
    public int Capacity { get; }

    /// <summary>Gets the input images, 0..1, one after another (write them before <see cref="Forward(float[], int, PassMode)"/>).</summary>
    public float[] Inputs => _activations[0];

    /// <summary>Gets the first input image.</summary>
    public Span<float> Input => _activations[0].AsSpan(0, ConvNetShape.Side * ConvNetShape.Side);

    /// <summary>Gets the ten class probabilities of each image of the last forward pass.</summary>
    public float[] Probabilities { get; }

    /// <summary>Gets the summed gradient of the groups passed backward since it was last cleared (training parameters).</summary>
    public float[] Gradient { get; }

    /// <summary>Gets the batch-normalisation layers, first to last.</summary>
    public IReadOnlyList<BatchNormalization> Normalizations { get; }

    /// <summary>Gets the training parameter count of <paramref name="shape"/>: its own, then a gamma and a beta per normalised channel.</summary>
    public static int TrainingParameterCount(ConvNetShape shape, bool batchNormalization)
        => shape.ParameterCount + (batchNormalization ? shape.Parsed.Where(l => l.Kind != LayerKind.Pool).Sum(l => 2 * l.OutputChannels) : 0);

    /// <summary>Runs the first image through the network into <see cref="Probabilities"/>.</summary>
    public void Forward(float[] parameters) => Forward(parameters, 1, PassMode.Reading);

    /// <summary>Runs the first <paramref name="count"/> images through the network into <see cref="Probabilities"/>.</summary>
    public void Forward(float[] parameters, int count, PassMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        ReadOnlySpan<float> w = parameters;
        for (int l = 0; l < _layers.Length; l++)
        {
            _layers[l].Forward(w, _activations[l], _activations[l + 1], count, mode);
        }

        int features = _shape.Features;
        float[] last = _activations[^1];
        for (int i = 0; i < count; i++)
        {
            Span<float> logits = Probabilities.AsSpan(i * Classes, Classes);
            ReadOnlySpan<float> x = last.AsSpan(i * features, features);
            for (int o = 0; o < Classes; o++)
            {
                logits[o] = w[_outputBias + o] + TensorPrimitives.Dot(w.Slice(_outputWeights + (o * features), features), x);
            }

            TensorPrimitives.SoftMax(logits, logits);
        }
    }

    /// <summary>After <see cref="Forward(float[], int, PassMode)"/>: adds the gradient of the summed -log p(label) to <see cref="Gradient"/> and returns that sum.</summary>
    public float Backward(float[] parameters, ReadOnlySpan<byte> labels)
    {
        ReadOnlySpan<float> w = parameters;
        Span<float> g = Gradient;
        int count = labels.Length, features = _shape.Features;
        float[] last = _activations[^1];
        Span<float> dLast = _activationGradients[^1].AsSpan(0, count * features);
        dLast.Clear();
        float loss = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> p = Probabilities.AsSpan(i * Classes, Classes);
            loss -= MathF.Log(Math.Max(p[labels[i]], 1e-30f));
            ReadOnlySpan<float> x = last.AsSpan(i * features, features);
            Span<float> dx = dLast.Slice(i * features, features);
            for (int o = 0; o < Classes; o++)
            {
                // Softmax with cross-entropy: dLogit = p - onehot.
                float delta = p[o] - (o == labels[i] ? 1 : 0);
                g[_outputBias + o] += delta;
                Span<float> row = g.Slice(_outputWeights + (o * features), features);
                TensorPrimitives.MultiplyAdd(x, delta, row, row);
                TensorPrimitives.MultiplyAdd(w.Slice(_outputWeights + (o * features), features), delta, dx, dx);
            }
        }

        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            _layers[l].Backward(w, g, _activations[l], _activations[l + 1], _activationGradients[l + 1], _activationGradients[l], count);
        }

        return loss;
    }

    /// <summary>Forgets the batch-normalisation statistics collected so far.</summary>
    public void ResetStatistics()
    {
        foreach (BatchNormalization norm in Normalizations)
        {
            norm.ResetStatistics();
        }
    }

    /// <summary>
    /// Returns the plain network's parameters: each batch normalisation, with the statistics collected by
    /// <see cref="PassMode.CollectStatistics"/> passes, folded into the convolution or dense layer before it
    /// (w' = w gamma / sigma, b' = (b - mean) gamma / sigma + beta).
    /// </summary>
    public float[] FoldBatchNormalization(float[] trainingParameters)
    {
        float[] folded = trainingParameters[.._shape.ParameterCount];
        int offset = 0;
        foreach (NetworkLayer layer in _layers)
        {
            LayerShape s = layer.Shape;
            if (layer.Normalization is { } norm)
            {
                if (norm.CollectedGroups == 0)
                {
                    throw new InvalidOperationException("No batch-normalisation statistics were collected.");
                }

                int bias = offset + (s.OutputChannels * s.Fan);
                for (int c = 0; c < s.OutputChannels; c++)
                {
                    double scale = trainingParameters[norm.Offset + c] / Math.Sqrt(norm.CollectedVariance(c) + BatchNormalization.Epsilon);
                    TensorPrimitives.Multiply(folded.AsSpan(offset + (c * s.Fan), s.Fan), (float)scale, folded.AsSpan(offset + (c * s.Fan), s.Fan));
                    folded[bias + c] = (float)(((trainingParameters[bias + c] - norm.CollectedMean(c)) * scale) + trainingParameters[norm.Offset + s.OutputChannels + c]);
                }
            }

            offset += s.ParameterCount;
        }

        return folded;
    }
}
