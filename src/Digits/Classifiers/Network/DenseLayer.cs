using System.Numerics.Tensors;

namespace Digits.Classifiers.Network;

/// <summary>
/// A dense layer, optionally batch-normalised, then ReLU; in training each unit of each image is dropped with
/// the pass's dropout share and the kept ones scaled by 1 / (1 - dropout), so reading needs no rescaling.
/// </summary>
internal sealed class DenseLayer : WeightedLayer
{
    private readonly float[] _keep;

    /// <param name="shape">The layer's sizes.</param>
    /// <param name="offset">Where its weights start in the parameters (the biases follow).</param>
    /// <param name="capacity">Most images per group.</param>
    /// <param name="normalization">Its batch normalisation, or null.</param>
    public DenseLayer(LayerShape shape, int offset, int capacity, BatchNormalization? normalization)
        : base(shape, offset, capacity, normalization)
    {
        _keep = new float[capacity * shape.OutputLength];
    }

    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int count, PassMode mode)
    {
        LayerShape s = Shape;
        int units = s.OutputChannels, fan = s.Fan;
        Span<float> linear = PreActivation is null ? output : PreActivation;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> x = input.Slice(i * fan, fan);
            for (int u = 0; u < units; u++)
            {
                linear[(i * units) + u] = parameters[Bias + u] + TensorPrimitives.Dot(parameters.Slice(Weights + (u * fan), fan), x);
            }
        }

        Normalization?.Forward(parameters, linear, output, count, mode.CollectStatistics);
        float dropout = mode.Randoms is null ? 0 : mode.Dropout, kept = 1 / (1 - dropout);
        for (int i = 0; i < count; i++)
        {
            Random? random = mode.Randoms?[i];
            for (int u = 0; u < units; u++)
            {
                int j = (i * units) + u;
                _keep[j] = dropout <= 0 || random is null ? 1 : random.NextSingle() >= dropout ? kept : 0;
                output[j] = _keep[j] * Math.Max(0, output[j]);
            }
        }
    }

    public override void Backward(ReadOnlySpan<float> parameters, Span<float> gradient, ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> outputGradient, Span<float> inputGradient, int count)
    {
        LayerShape s = Shape;
        int units = s.OutputChannels, fan = s.Fan, length = count * units;
        for (int j = 0; j < length; j++)
        {
            outputGradient[j] = output[j] > 0 ? outputGradient[j] * _keep[j] : 0;
        }

        Span<float> linear = outputGradient;
        if (Normalization is not null)
        {
            Normalization.Backward(parameters, gradient, outputGradient, PreActivationGradient, count);
            linear = PreActivationGradient;
        }

        if (!inputGradient.IsEmpty)
        {
            inputGradient[..(count * fan)].Clear();
        }

        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> x = input.Slice(i * fan, fan);
            Span<float> dx = inputGradient.IsEmpty ? default : inputGradient.Slice(i * fan, fan);
            for (int u = 0; u < units; u++)
            {
                float delta = linear[(i * units) + u];
                if (delta == 0)
                {
                    continue;
                }

                gradient[Bias + u] += delta;
                Span<float> row = gradient.Slice(Weights + (u * fan), fan);
                TensorPrimitives.MultiplyAdd(x, delta, row, row);
                if (!dx.IsEmpty)
                {
                    TensorPrimitives.MultiplyAdd(parameters.Slice(Weights + (u * fan), fan), delta, dx, dx);
                }
            }
        }
    }
}
