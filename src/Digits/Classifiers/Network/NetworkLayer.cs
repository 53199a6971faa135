namespace Digits.Classifiers.Network;

/// <summary>
/// One hidden layer of a <see cref="ConvNetPass"/> over a group of images. Inputs and outputs are image-major
/// (image i's values start at i times the per-image length) and channel-major within an image.
/// </summary>
internal abstract class NetworkLayer(LayerShape shape)
{
    /// <summary>Gets the sizes the layer reads and writes.</summary>
    public LayerShape Shape { get; } = shape;

    /// <summary>Gets the layer's batch normalisation, if it has one.</summary>
    public virtual BatchNormalization? Normalization => null;

    /// <summary>Writes the outputs of the first <paramref name="count"/> images.</summary>
    public abstract void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> input, Span<float> output, int count, PassMode mode);

    /// <summary>
    /// After <see cref="Forward"/>: adds the parameter gradients to <paramref name="gradient"/> and writes the
    /// input gradient into <paramref name="inputGradient"/> (skipped when it is empty: the first layer's input is the image).
    /// <paramref name="outputGradient"/> may be overwritten.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<float> parameters, Span<float> gradient, ReadOnlySpan<float> input, ReadOnlySpan<float> output, Span<float> outputGradient, Span<float> inputGradient, int count);

    // Through a ReLU: the gradient passes where the output was positive.
    protected static void ThroughRelu(ReadOnlySpan<float> output, Span<float> gradient)
    {
        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] = output[i] > 0 ? gradient[i] : 0;
        }
    }
}
