using System.Numerics.Tensors;

namespace Digits.Classifiers.Network;

/// <summary>
/// Batch normalisation (Ioffe and Szegedy) of a layer's pre-activations over a group of images: each channel is
/// shifted and scaled to mean 0 and variance 1 over the group's images and positions, then scaled by a learnt
/// gamma and shifted by a learnt beta. Training uses the group's own statistics; for reading, the statistics of
/// many groups (<see cref="CollectedMean"/>, <see cref="CollectedVariance"/>) are folded into the weights of the
/// layer before it (<see cref="ConvNetPass.FoldBatchNormalization"/>), so a trained network reads without it.
/// </summary>
internal sealed class BatchNormalization
{
    /// <summary>Added to the variance before its square root.</summary>
    public const float Epsilon = 1e-5f;

    private readonly int _channels;
    private readonly int _positions;
    private readonly float[] _normalized;
    private readonly float[] _inverseDeviation;
    private readonly double[] _meanTotal;
    private readonly double[] _squareTotal;
    private int _groups;

    /// <param name="channels">Channels (filters or units).</param>
    /// <param name="positions">Positions per channel and image (1 for a dense layer).</param>
    /// <param name="capacity">Most images per group.</param>
    /// <param name="offset">Where gamma starts in the training parameters; beta follows it.</param>
    public BatchNormalization(int channels, int positions, int capacity, int offset)
    {
        _channels = channels;
        _positions = positions;
        Offset = offset;
        _normalized = new float[capacity * channels * positions];
        _inverseDeviation = new float[channels];
        _meanTotal = new double[channels];
        _squareTotal = new double[channels];
    }

    /// <summary>Gets where gamma starts in the training parameters (beta follows, one of each per channel).</summary>
    public int Offset { get; }

    /// <summary>Gets the channels.</summary>
    public int Channels => _channels;

    /// <summary>Gets the groups whose statistics were collected since <see cref="ResetStatistics"/>.</summary>
    public int CollectedGroups => _groups;

    /// <summary>Gets channel <paramref name="c"/>'s mean over the collected groups.</summary>
    public double CollectedMean(int c) => _meanTotal[c] / _groups;

    /// <summary>Gets channel <paramref name="c"/>'s variance over the collected groups (their mean square less the squared mean).</summary>
    public double CollectedVariance(int c) => Math.Max(0, (_squareTotal[c] / _groups) - (CollectedMean(c) * CollectedMean(c)));

    /// <summary>Forgets the collected statistics.</summary>
    public void ResetStatistics()
    {
        Array.Clear(_meanTotal);
        Array.Clear(_squareTotal);
        _groups = 0;
    }

    /// <summary>Normalises <paramref name="input"/> into <paramref name="output"/> with the group's statistics.</summary>
    public void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int count, bool collect)
    {
        int stride = _channels * _positions;
        double n = (double)count * _positions;
        for (int c = 0; c < _channels; c++)
        {
            double sum = 0;
            for (int i = 0; i < count; i++)
            {
                sum += TensorPrimitives.Sum(input.Slice((i * stride) + (c * _positions), _positions));
            }

            double mean = sum / n, squares = 0;
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> row = input.Slice((i * stride) + (c * _positions), _positions);
                for (int p = 0; p < row.Length; p++)
                {
                    double d = row[p] - mean;
                    squares += d * d;
                }
            }

            double variance = squares / n;
            if (collect)
            {
                _meanTotal[c] += mean;
                _squareTotal[c] += variance + (mean * mean);
            }

            float inverse = (float)(1 / Math.Sqrt(variance + Epsilon));
            _inverseDeviation[c] = inverse;
            float gamma = parameters[Offset + c], beta = parameters[Offset + _channels + c];
            for (int i = 0; i < count; i++)
            {
                int at = (i * stride) + (c * _positions);
                Span<float> normalized = _normalized.AsSpan(at, _positions);
                TensorPrimitives.Subtract(input.Slice(at, _positions), (float)mean, normalized);
                TensorPrimitives.Multiply(normalized, inverse, normalized);
                Span<float> target = output.Slice(at, _positions);
                TensorPrimitives.Multiply(normalized, gamma, target);
                TensorPrimitives.Add(target, beta, target);
            }
        }

        _groups += collect ? 1 : 0;
    }

    /// <summary>
    /// After <see cref="Forward"/>: adds the gamma and beta gradients and writes the input gradient,
    /// dx = gamma / sigma (dy - mean(dy) - x̂ mean(dy x̂)), the means taken over the channel's group values.
    /// </summary>
    public void Backward(ReadOnlySpan<float> parameters, Span<float> gradient, ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int count)
    {
        int stride = _channels * _positions;
        double n = (double)count * _positions;
        for (int c = 0; c < _channels; c++)
        {
            double sumDy = 0, sumDyX = 0;
            for (int i = 0; i < count; i++)
            {
                int at = (i * stride) + (c * _positions);
                ReadOnlySpan<float> dy = outputGradient.Slice(at, _positions);
                sumDy += TensorPrimitives.Sum(dy);
                sumDyX += TensorPrimitives.Dot(dy, _normalized.AsSpan(at, _positions));
            }

            gradient[Offset + c] += (float)sumDyX;
            gradient[Offset + _channels + c] += (float)sumDy;
            float scale = parameters[Offset + c] * _inverseDeviation[c];
            float shift = (float)(-scale * sumDy / n), tilt = (float)(-scale * sumDyX / n);
            for (int i = 0; i < count; i++)
            {
                int at = (i * stride) + (c * _positions);
                Span<float> dx = inputGradient.Slice(at, _positions);
                TensorPrimitives.Multiply(outputGradient.Slice(at, _positions), scale, dx);
                TensorPrimitives.Add(dx, shift, dx);
                TensorPrimitives.MultiplyAdd(_normalized.AsSpan(at, _positions), tilt, dx, dx);
            }
        }
    }
}
