namespace Digits.Classifiers.Network;

/// <summary>
/// The convolutional network's architecture for 28x28 digits and where each parameter lives in the one flat
/// parameter array: 5x5 convolution (<see cref="Filters1"/> filters), ReLU, 2x2 max pooling; 5x5 convolution
/// (<see cref="Filters2"/> filters), ReLU, 2x2 max pooling; a dense layer of <see cref="Hidden"/> ReLU units;
/// ten outputs with softmax.
/// </summary>
/// <param name="Filters1">Filters of the first convolution.</param>
/// <param name="Filters2">Filters of the second convolution.</param>
/// <param name="Hidden">Units of the dense hidden layer.</param>
public sealed record ConvNetShape(int Filters1 = 32, int Filters2 = 64, int Hidden = 128)
{
    /// <summary>Side of the input image.</summary>
    public const int Side = 28;

    /// <summary>Side of the convolution kernels.</summary>
    public const int Kernel = 5;

    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    /// <summary>Gets the side of the first convolution's output (24).</summary>
    public static int Side1 => Side - Kernel + 1;

    /// <summary>Gets the side after the first pooling (12).</summary>
    public static int Pooled1 => Side1 / 2;

    /// <summary>Gets the side of the second convolution's output (8).</summary>
    public static int Side2 => Pooled1 - Kernel + 1;

    /// <summary>Gets the side after the second pooling (4).</summary>
    public static int Pooled2 => Side2 / 2;

    /// <summary>Gets the length of the flattened features entering the dense layer.</summary>
    public int Features => Filters2 * Pooled2 * Pooled2;

    /// <summary>Gets the first convolution's weights per filter (25).</summary>
    public static int Rows1 => Kernel * Kernel;

    /// <summary>Gets the second convolution's weights per filter.</summary>
    public int Rows2 => Filters1 * Kernel * Kernel;

    /// <summary>Gets the offset of the first convolution's weights (F1 x 25).</summary>
    public int Weights1 => 0;

    /// <summary>Gets the offset of the first convolution's biases.</summary>
    public int Bias1 => Weights1 + (Filters1 * Rows1);

    /// <summary>Gets the offset of the second convolution's weights (F2 x F1 x 25).</summary>
    public int Weights2 => Bias1 + Filters1;

    /// <summary>Gets the offset of the second convolution's biases.</summary>
    public int Bias2 => Weights2 + (Filters2 * Rows2);

    /// <summary>Gets the offset of the hidden layer's weights (H x features).</summary>
    public int Weights3 => Bias2 + Filters2;

    /// <summary>Gets the offset of the hidden layer's biases.</summary>
    public int Bias3 => Weights3 + (Hidden * Features);

    /// <summary>Gets the offset of the output layer's weights (10 x H).</summary>
    public int Weights4 => Bias3 + Hidden;

    /// <summary>Gets the offset of the output layer's biases.</summary>
    public int Bias4 => Weights4 + (Classes * Hidden);

    /// <summary>Gets the total number of parameters.</summary>
    public int ParameterCount => Bias4 + Classes;

    /// <summary>Checks the sizes are usable.</summary>
    public void Validate()
    {
        if (Filters1 is < 1 or > 256 || Filters2 is < 1 or > 256 || Hidden is < 1 or > 4096)
        {
            throw new ArgumentException($"Network shape out of range: {Filters1} and {Filters2} filters (1..256), {Hidden} hidden units (1..4096).");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"conv5x5x{Filters1}-pool-conv5x5x{Filters2}-pool-dense{Hidden}-softmax10";
}
