using System.Numerics.Tensors;
using Digits.Kernels;

namespace Digits.Classifiers.Network;

/// <summary>
/// One image through the network: the forward pass keeps every activation, and the backward pass adds this
/// image's gradient of the cross-entropy loss to <see cref="Gradient"/>. Each thread owns one pass.
/// </summary>
internal sealed class ConvNetPass
{
    private readonly ConvNetShape _shape;
    private readonly float[] _patches1;
    private readonly float[] _conv1;
    private readonly float[] _pool1;
    private readonly int[] _pool1From;
    private readonly float[] _patches2;
    private readonly float[] _conv2;
    private readonly float[] _pool2;
    private readonly int[] _pool2From;
    private readonly float[] _hidden;
    private readonly float[] _keep;
    private readonly float[] _dHidden;
    private readonly float[] _dPool2;
    private readonly float[] _dConv2;
    private readonly float[] _dPatches2;
    private readonly float[] _dPool1;
    private readonly float[] _dConv1;
    private readonly float[] _scratch;

    public ConvNetPass(ConvNetShape shape)
    {
        _shape = shape;
        int p1 = ConvNetShape.Side1 * ConvNetShape.Side1, q1 = ConvNetShape.Pooled1 * ConvNetShape.Pooled1;
        int p2 = ConvNetShape.Side2 * ConvNetShape.Side2, q2 = ConvNetShape.Pooled2 * ConvNetShape.Pooled2;
        Input = new float[ConvNetShape.Side * ConvNetShape.Side];
        _patches1 = new float[ConvNetShape.Rows1 * p1];
        _conv1 = new float[shape.Filters1 * p1];
        _pool1 = new float[shape.Filters1 * q1];
        _pool1From = new int[_pool1.Length];
        _patches2 = new float[shape.Rows2 * p2];
        _conv2 = new float[shape.Filters2 * p2];
        _pool2 = new float[shape.Filters2 * q2];
        _pool2From = new int[_pool2.Length];
        _hidden = new float[shape.Hidden];
        _keep = new float[shape.Hidden];
        Probabilities = new float[ConvNetShape.Classes];
        _dHidden = new float[shape.Hidden];
        _dPool2 = new float[_pool2.Length];
        _dConv2 = new float[_conv2.Length];
        _dPatches2 = new float[_patches2.Length];
        _dPool1 = new float[_pool1.Length];
        _dConv1 = new float[_conv1.Length];
        Gradient = new float[shape.ParameterCount];
        _scratch = new float[Math.Max(
            Math.Max(Convolution.WeightGradientScratch(shape.Rows2, p2, shape.Filters2), Convolution.WeightGradientScratch(ConvNetShape.Rows1, p1, shape.Filters1)),
            shape.Rows2 * shape.Filters2)];
    }

    /// <summary>Gets the input image, 0..1 (write it before <see cref="Forward(float[], Random?, float)"/>).</summary>
    public float[] Input { get; }

    /// <summary>Gets the ten class probabilities of the last forward pass.</summary>
    public float[] Probabilities { get; }

    /// <summary>Gets the summed gradient of the images passed backward since it was last cleared.</summary>
    public float[] Gradient { get; }

    /// <summary>Runs <see cref="Input"/> through the network into <see cref="Probabilities"/>.</summary>
    public void Forward(float[] parameters) => Forward(parameters, null, 0);

    /// <summary>
    /// The forward pass of training: each hidden unit is dropped with probability <paramref name="dropout"/>
    /// (drawn from <paramref name="random"/>) and the kept ones scaled by 1 / (1 - dropout), so that the plain
    /// <see cref="Forward(float[])"/> needs no rescaling. <see cref="Backward"/> follows the same units.
    /// </summary>
    public void Forward(float[] parameters, Random? random, float dropout)
    {
        ConvNetShape s = _shape;
        ReadOnlySpan<float> w = parameters;
        int p1 = ConvNetShape.Side1 * ConvNetShape.Side1, p2 = ConvNetShape.Side2 * ConvNetShape.Side2;
        Convolution.Unfold(Input, 1, ConvNetShape.Side, ConvNetShape.Side, ConvNetShape.Kernel, _patches1);
        Convolution.Forward(_patches1, ConvNetShape.Rows1, p1, w.Slice(s.Weights1, s.Filters1 * ConvNetShape.Rows1), w.Slice(s.Bias1, s.Filters1), _conv1);
        TensorPrimitives.Max(_conv1, 0f, _conv1);
        MaxPool(_conv1, s.Filters1, ConvNetShape.Side1, _pool1, _pool1From);

        Convolution.Unfold(_pool1, s.Filters1, ConvNetShape.Pooled1, ConvNetShape.Pooled1, ConvNetShape.Kernel, _patches2);
        Convolution.Forward(_patches2, s.Rows2, p2, w.Slice(s.Weights2, s.Filters2 * s.Rows2), w.Slice(s.Bias2, s.Filters2), _conv2);
        TensorPrimitives.Max(_conv2, 0f, _conv2);
        MaxPool(_conv2, s.Filters2, ConvNetShape.Side2, _pool2, _pool2From);

        float kept = 1 / (1 - dropout);
        for (int h = 0; h < s.Hidden; h++)
        {
            _keep[h] = random is null || dropout <= 0 ? 1 : random.NextSingle() >= dropout ? kept : 0;
            _hidden[h] = _keep[h] == 0 ? 0 : _keep[h] * Math.Max(0, w[s.Bias3 + h] + TensorPrimitives.Dot(w.Slice(s.Weights3 + (h * s.Features), s.Features), _pool2));
        }

        for (int o = 0; o < ConvNetShape.Classes; o++)
        {
            Probabilities[o] = w[s.Bias4 + o] + TensorPrimitives.Dot(w.Slice(s.Weights4 + (o * s.Hidden), s.Hidden), _hidden);
        }

        TensorPrimitives.SoftMax(Probabilities, Probabilities);
    }

    /// <summary>After <see cref="Forward(float[], Random?, float)"/>: adds the gradient of -log p(label) to <see cref="Gradient"/> and returns that loss.</summary>
    public float Backward(float[] parameters, int label)
    {
        ConvNetShape s = _shape;
        ReadOnlySpan<float> w = parameters;
        Span<float> g = Gradient;
        int p1 = ConvNetShape.Side1 * ConvNetShape.Side1, p2 = ConvNetShape.Side2 * ConvNetShape.Side2;
        float loss = -MathF.Log(Math.Max(Probabilities[label], 1e-30f));

        // Output layer: dLogit = p - onehot.
        _dHidden.AsSpan().Clear();
        for (int o = 0; o < ConvNetShape.Classes; o++)
        {
            float delta = Probabilities[o] - (o == label ? 1 : 0);
            g[s.Bias4 + o] += delta;
            Span<float> row = g.Slice(s.Weights4 + (o * s.Hidden), s.Hidden);
            TensorPrimitives.MultiplyAdd(_hidden, delta, row, row);
            TensorPrimitives.MultiplyAdd(w.Slice(s.Weights4 + (o * s.Hidden), s.Hidden), delta, _dHidden, _dHidden);
        }

        // Hidden layer (ReLU, and the dropout of the forward pass).
        _dPool2.AsSpan().Clear();
        for (int h = 0; h < s.Hidden; h++)
        {
            float delta = _hidden[h] > 0 ? _dHidden[h] * _keep[h] : 0;
            if (delta == 0)
            {
                continue;
            }

            g[s.Bias3 + h] += delta;
            Span<float> row = g.Slice(s.Weights3 + (h * s.Features), s.Features);
            TensorPrimitives.MultiplyAdd(_pool2, delta, row, row);
            TensorPrimitives.MultiplyAdd(w.Slice(s.Weights3 + (h * s.Features), s.Features), delta, _dPool2, _dPool2);
        }

        // Second convolution: unpool, ReLU, weights, then back through the patches to the first pooling.
        Unpool(_dPool2, _pool2From, _conv2, _dConv2);
        Convolution.AccumulateWeightGradients(_patches2, s.Rows2, p2, _dConv2, g.Slice(s.Weights2, s.Filters2 * s.Rows2), g.Slice(s.Bias2, s.Filters2), _scratch);
        Convolution.PatchGradients(w.Slice(s.Weights2, s.Filters2 * s.Rows2), s.Rows2, p2, s.Filters2, _dConv2, _dPatches2, _scratch);
        _dPool1.AsSpan().Clear();
        Convolution.Fold(_dPatches2, s.Filters1, ConvNetShape.Pooled1, ConvNetShape.Pooled1, ConvNetShape.Kernel, _dPool1);

        // First convolution (the input needs no gradient).
        Unpool(_dPool1, _pool1From, _conv1, _dConv1);
        Convolution.AccumulateWeightGradients(_patches1, ConvNetShape.Rows1, p1, _dConv1, g.Slice(s.Weights1, s.Filters1 * ConvNetShape.Rows1), g.Slice(s.Bias1, s.Filters1), _scratch);
        return loss;
    }

    // 2x2 max pooling of `channels` planes of side x side; remembers which input each maximum came from.
    private static void MaxPool(ReadOnlySpan<float> input, int channels, int side, Span<float> output, Span<int> from)
    {
        int half = side / 2;
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < half; y++)
            {
                for (int x = 0; x < half; x++)
                {
                    int corner = (((c * side) + (2 * y)) * side) + (2 * x);
                    int best = corner;
                    best = input[corner + 1] > input[best] ? corner + 1 : best;
                    best = input[corner + side] > input[best] ? corner + side : best;
                    best = input[corner + side + 1] > input[best] ? corner + side + 1 : best;

                    int o = (((c * half) + y) * half) + x;
                    output[o] = input[best];
                    from[o] = best;
                }
            }
        }
    }

    // Routes each pooled gradient to the input that won, through the ReLU before the pooling.
    private static void Unpool(ReadOnlySpan<float> pooledGradient, ReadOnlySpan<int> from, ReadOnlySpan<float> activations, Span<float> gradient)
    {
        gradient.Clear();
        for (int o = 0; o < pooledGradient.Length; o++)
        {
            int i = from[o];
            if (activations[i] > 0)
            {
                gradient[i] = pooledGradient[o];
            }
        }
    }
}
