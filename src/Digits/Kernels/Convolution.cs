using System.Numerics.Tensors;

namespace Digits.Kernels;

/// <summary>
/// A valid (no padding), stride-1 convolution of a C x H x W input with F filters of C x K x K, as a matrix
/// product: <see cref="Unfold"/> copies every K x K window into a (C K K) x (OH OW) patch matrix whose rows
/// are contiguous over output positions, so the forward pass and both gradients are runs of vectorised
/// multiply-adds and dot products over whole rows (<see cref="TensorPrimitives"/>).
/// <see cref="ForwardScalar"/> is the plain definition every path is tested against.
/// </summary>
internal static class Convolution
{
    /// <summary>Writes the patch matrix: row (c K + ky) K + kx, column y OW + x holds input[c, y + ky, x + kx].</summary>
    public static void Unfold(ReadOnlySpan<float> input, int channels, int height, int width, int k, Span<float> patches)
    {
        int oh = height - k + 1, ow = width - k + 1, positions = oh * ow;
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < k; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    Span<float> row = patches.Slice((((c * k) + ky) * k + kx) * positions, positions);
                    for (int y = 0; y < oh; y++)
                    {
                        input.Slice((((c * height) + y + ky) * width) + kx, ow).CopyTo(row.Slice(y * ow, ow));
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Unfold"/>: adds every patch-matrix entry back onto the input position it came from.</summary>
    public static void Fold(ReadOnlySpan<float> patches, int channels, int height, int width, int k, Span<float> input)
    {
        int oh = height - k + 1, ow = width - k + 1, positions = oh * ow;
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < k; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    ReadOnlySpan<float> row = patches.Slice((((c * k) + ky) * k + kx) * positions, positions);
                    for (int y = 0; y < oh; y++)
                    {
                        Span<float> target = input.Slice((((c * height) + y + ky) * width) + kx, ow);
                        TensorPrimitives.Add(target, row.Slice(y * ow, ow), target);
                    }
                }
            }
        }
    }

    /// <summary>output[f, p] = bias[f] + sum over r of weights[f, r] patches[r, p].</summary>
    public static void Forward(ReadOnlySpan<float> patches, int rows, int positions, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        for (int f = 0; f < bias.Length; f++)
        {
            Span<float> target = output.Slice(f * positions, positions);
            target.Fill(bias[f]);
            ReadOnlySpan<float> filter = weights.Slice(f * rows, rows);
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.MultiplyAdd(patches.Slice(r * positions, positions), filter[r], target, target);
            }
        }
    }

    /// <summary>Adds the weight and bias gradients: dW[f, r] += dOut[f, :] · patches[r, :], dB[f] += sum of dOut[f, :].</summary>
    public static void AccumulateWeightGradients(ReadOnlySpan<float> patches, int rows, int positions, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient)
    {
        for (int f = 0; f < biasGradient.Length; f++)
        {
            ReadOnlySpan<float> delta = outputGradient.Slice(f * positions, positions);
            biasGradient[f] += TensorPrimitives.Sum(delta);
            Span<float> gradient = weightGradient.Slice(f * rows, rows);
            for (int r = 0; r < rows; r++)
            {
                gradient[r] += TensorPrimitives.Dot(delta, patches.Slice(r * positions, positions));
            }
        }
    }

    /// <summary>Writes the patch-matrix gradient: dPatches[r, :] = sum over f of weights[f, r] dOut[f, :].</summary>
    public static void PatchGradients(ReadOnlySpan<float> weights, int rows, int positions, int filters, ReadOnlySpan<float> outputGradient, Span<float> patchGradient)
    {
        patchGradient[..(rows * positions)].Clear();
        for (int f = 0; f < filters; f++)
        {
            ReadOnlySpan<float> delta = outputGradient.Slice(f * positions, positions);
            for (int r = 0; r < rows; r++)
            {
                Span<float> target = patchGradient.Slice(r * positions, positions);
                TensorPrimitives.MultiplyAdd(delta, weights[(f * rows) + r], target, target);
            }
        }
    }

    /// <summary>The definition: output[f, y, x] = bias[f] + sum over c, ky, kx of weights[f, c, ky, kx] input[c, y + ky, x + kx].</summary>
    internal static void ForwardScalar(ReadOnlySpan<float> input, int channels, int height, int width, int k, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
    {
        int oh = height - k + 1, ow = width - k + 1;
        for (int f = 0; f < bias.Length; f++)
        {
            for (int y = 0; y < oh; y++)
            {
                for (int x = 0; x < ow; x++)
                {
                    double sum = bias[f];
                    for (int c = 0; c < channels; c++)
                    {
                        for (int ky = 0; ky < k; ky++)
                        {
                            for (int kx = 0; kx < k; kx++)
                            {
                                sum += weights[(((f * channels) + c) * k + ky) * k + kx] * input[(((c * height) + y + ky) * width) + x + kx];
                            }
                        }
                    }

                    output[(((f * oh) + y) * ow) + x] = (float)sum;
                }
            }
        }
    }
}
