using System.Buffers.Binary;
using System.Numerics.Tensors;

namespace Digits.Classifiers;

/// <summary>
/// The few directions in which MNIST digits, brought into MNIST form, differ most from the mean digit (their
/// principal components), and how far an input lies outside them. Digits are drawn with a few strokes in a few
/// shapes, so their 784 pixels vary together in a small space; clothes, blots and textured paper do not, and
/// stand far from it. Fitted by <c>bench/fit_rejection.py</c> and shipped as <c>Classifiers/digit-subspace.bin</c>
/// (an embedded resource: little-endian 32-bit floats, the mean image and then each direction as a unit vector).
/// </summary>
internal static class DigitSubspace
{
    private const string ResourceName = "Digits.Classifiers.digit-subspace.bin";
    private const int Pixels = 784;
    private static readonly Lazy<(float[] Mean, float[][] Directions)> Loaded = new(Read);

    /// <summary>Gets how many directions the subspace has.</summary>
    public static int Dimensions => Loaded.Value.Directions.Length;

    /// <summary>The distance of a 28x28 input (0-255, scaled to 0-1) from the subspace: what its directions leave unexplained.</summary>
    /// <param name="input">784 pixels in MNIST form.</param>
    /// <returns>The residual's length, in the units of pixels scaled to 0-1.</returns>
    /// <exception cref="ArgumentException">The input is not 784 pixels.</exception>
    public static double Residual(ReadOnlySpan<byte> input)
    {
        if (input.Length != Pixels)
        {
            throw new ArgumentException($"an input in MNIST form has {Pixels} pixels, got {input.Length}", nameof(input));
        }

        var (mean, directions) = Loaded.Value;
        Span<float> centred = stackalloc float[Pixels];
        for (int i = 0; i < Pixels; i++)
        {
            centred[i] = (input[i] / 255f) - mean[i];
        }

        double left = TensorPrimitives.Dot(centred, centred);
        foreach (float[] direction in directions)
        {
            double along = TensorPrimitives.Dot(centred, direction);
            left -= along * along;
        }

        return Math.Sqrt(Math.Max(0, left));
    }

    private static (float[], float[][]) Read()
    {
        using Stream stream = typeof(DigitSubspace).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The library was built without its digit subspace ({ResourceName}).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        byte[] bytes = memory.ToArray();
        int rows = bytes.Length / (Pixels * sizeof(float));
        if (rows < 2 || bytes.Length != rows * Pixels * sizeof(float))
        {
            throw new InvalidOperationException($"{ResourceName} holds {bytes.Length} bytes, not a mean and whole directions of {Pixels} floats");
        }

        float[] values = new float[rows * Pixels];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        }

        float[] mean = values[..Pixels];
        float[][] directions = Enumerable.Range(1, rows - 1).Select(r => values[(r * Pixels)..((r + 1) * Pixels)]).ToArray();
        return (mean, directions);
    }
}
