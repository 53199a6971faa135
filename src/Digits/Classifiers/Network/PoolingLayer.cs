namespace Digits.Classifiers.Network;

/// <summary>2x2 max pooling (an odd last row or column is dropped); remembers which input each maximum came from.</summary>
internal sealed class PoolingLayer(LayerShape shape, int capacity) : NetworkLayer(shape)
{
    private readonly int[] _from = new int[capacity * shape.OutputLength];

    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int count, PassMode mode)
    {
        LayerShape s = Shape;
        int w = s.InputWidth, oh = s.OutputHeight, ow = s.OutputWidth;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> source = input.Slice(i * s.InputLength, s.InputLength);
            for (int c = 0; c < s.InputChannels; c++)
            {
                for (int y = 0; y < oh; y++)
                {
                    for (int x = 0; x < ow; x++)
                    {
                        int corner = (((c * s.InputHeight) + (2 * y)) * w) + (2 * x);
                        int best = corner;
                        best = source[corner + 1] > source[best] ? corner + 1 : best;
                        best = source[corner + w] > source[best] ? corner + w : best;
                        best = source[corner + w + 1] > source[best] ? corner + w + 1 : best;

                        int o = (i * s.OutputLength) + (((c * oh) + y) * ow) + x;
                        output[o] = source[best];
                        _from[o] = best;
                    }
                }
            }
        }
    }

    // Routes each pooled gradient to the input that won (the ReLU before the pooling masks it in its own backward pass).
    public override void Backward(ReadOnlySpan<float> parameters, Span<float> gradient, ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> outputGradient, Span<float> inputGradient, int count)
    {
        if (inputGradient.IsEmpty)
        {
            return;
        }

        LayerShape s = Shape;
        inputGradient[..(count * s.InputLength)].Clear();
        for (int i = 0; i < count; i++)
        {
            Span<float> target = inputGradient.Slice(i * s.InputLength, s.InputLength);
            for (int o = 0; o < s.OutputLength; o++)
            {
                target[_from[(i * s.OutputLength) + o]] = outputGradient[(i * s.OutputLength) + o];
            }
        }
    }
}
