namespace Digits.Classifiers.Network;

/// <summary>
/// A layer with weights and biases (a convolution or a dense layer), optionally batch-normalised before its ReLU:
/// where its weights and biases lie in the parameters, and, when normalised, the buffers of its pre-activations.
/// </summary>
internal abstract class WeightedLayer : NetworkLayer
{
    /// <param name="shape">The layer's sizes.</param>
    /// <param name="offset">Where its weights start in the parameters (the biases follow).</param>
    /// <param name="capacity">Most images per group.</param>
    /// <param name="normalization">Its batch normalisation, or null.</param>
    protected WeightedLayer(LayerShape shape, int offset, int capacity, BatchNormalization? normalization)
        : base(shape)
    {
        Weights = offset;
        Bias = offset + (shape.OutputChannels * shape.Fan);
        Normalization = normalization;
        if (normalization is not null)
        {
            PreActivation = new float[capacity * shape.OutputLength];
            PreActivationGradient = new float[capacity * shape.OutputLength];
        }
    }

    public override BatchNormalization? Normalization { get; }

    /// <summary>Gets where the weights start in the parameters (output-major).</summary>
    protected int Weights { get; }

    /// <summary>Gets where the biases start in the parameters.</summary>
    protected int Bias { get; }

    /// <summary>Gets the outputs before normalisation (null without it: then they are written straight to the output).</summary>
    protected float[]? PreActivation { get; }

    /// <summary>Gets the gradient of <see cref="PreActivation"/> (null without normalisation).</summary>
    protected float[]? PreActivationGradient { get; }
}
