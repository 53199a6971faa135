using System.Numerics.Tensors;
using Digits.Kernels;

namespace Digits.Classifiers.Network;

/// <summary>A valid, stride-1 convolution (<see cref="Convolution"/>), optionally batch-normalised, then ReLU.</summary>
internal sealed class ConvolutionLayer : WeightedLayer
{
    private readonly int _rows;
    private readonly int _positions;
    private readonly float[] _patches;
    private readonly float[] _patchGradient;
    private readonly float[] _scratch;

    /// <param name="shape">The layer's sizes.</param>
    /// <param name="offset">Where its weights start in the parameters (the biases follow).</param>
    /// <param name="capacity">Most images per group.</param>
    /// <param name="normalization">Its batch normalisation, or null.</param>
    public ConvolutionLayer(LayerShape shape, int offset, int capacity, BatchNormalization? normalization)
        : base(shape, offset, capacity, normalization)
    {
        _rows = shape.Fan;
        _positions = shape.OutputHeight * shape.OutputWidth;
        _patches = new float[_rows * _positions];
        _patchGradient = new float[_rows * _positions];
        _scratch = new float[Math.Max(Convolution.WeightGradientScratch(_rows, _positions, shape.OutputChannels), _rows * shape.OutputChannels)];
    }

    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int count, PassMode mode)
    {
        LayerShape s = Shape;
        Span<float> linear = PreActivation is null ? output : PreActivation;
        for (int i = 0; i < count; i++)
        {
            Convolution.Unfold(input.Slice(i * s.InputLength, s.InputLength), s.InputChannels, s.InputHeight, s.InputWidth, s.Kernel, _patches);
            Convolution.Forward(_patches, _rows, _positions, parameters.Slice(Weights, s.OutputChannels * _rows), parameters.Slice(Bias, s.OutputChannels), linear.Slice(i * s.OutputLength, s.OutputLength));
        }

        Normalization?.Forward(parameters, linear, output, count, mode.CollectStatistics);
        Span<float> active = output[..(count * s.OutputLength)];
        TensorPrimitives.Max(active, 0f, active);
    }

    public override void Backward(ReadOnlySpan<float> parameters, Span<float> gradient, ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> outputGradient, Span<float> inputGradient, int count)
    {
        LayerShape s = Shape;
        int length = count * s.OutputLength;
        ThroughRelu(output[..length], outputGradient[..length]);
        Span<float> linear = outputGradient;
        if (Normalization is not null)
        {
            Normalization.Backward(parameters, gradient, outputGradient, PreActivationGradient, count);
            linear = PreActivationGradient;
        }

        ReadOnlySpan<float> weights = parameters.Slice(Weights, s.OutputChannels * _rows);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> delta = linear.Slice(i * s.OutputLength, s.OutputLength);
            Convolution.Unfold(input.Slice(i * s.InputLength, s.InputLength), s.InputChannels, s.InputHeight, s.InputWidth, s.Kernel, _patches);
            Convolution.AccumulateWeightGradients(_patches, _rows, _positions, delta, gradient.Slice(Weights, s.OutputChannels * _rows), gradient.Slice(Bias, s.OutputChannels), _scratch);
            if (!inputGradient.IsEmpty)
            {
                Convolution.PatchGradients(weights, _rows, _positions, s.OutputChannels, delta, _patchGradient, _scratch);
                Span<float> target = inputGradient.Slice(i * s.InputLength, s.InputLength);
                target.Clear();
                Convolution.Fold(_patchGradient, s.InputChannels, s.InputHeight, s.InputWidth, s.Kernel, target);
            }
        }
    }
}
