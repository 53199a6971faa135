using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    /// <summary>output[f, p] = bias[f] + sum over r of weights[f, r] patches[r, p], on the widest accelerated path.</summary>
    /// <remarks>
    /// Four filters are computed together, over blocks of output positions (four vectors at 512 bits, then two,
    /// then one; two, then one at 256 and 128 bits) whose accumulators stay in registers across all r: each patch
    /// load serves four filters, so the patch matrix (900 KB for the second layer) is streamed a quarter as often.
    /// Filters left over from the fours go one at a time in blocks of four vectors; the remaining positions one at
    /// a time. Every output is summed in the same order, r = 0, 1, ..., with a separate multiply and add, so every
    /// path gives the same floats (and training stays repeatable on any CPU).
    /// </remarks>
    public static void Forward(ReadOnlySpan<float> patches, int rows, int positions, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output)
        => Forward(patches, rows, positions, weights, bias, output, SimdWidths.Widest);

    /// <summary>Gets the path <see cref="Forward(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> takes (for reports).</summary>
    public static SimdWidth Path => SimdWidths.Widest;

    /// <summary>The forward pass on one path.</summary>
    internal static void Forward(ReadOnlySpan<float> patches, int rows, int positions, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, Span<float> output, SimdWidth width)
    {
        if (patches.Length < rows * positions || weights.Length < bias.Length * rows || output.Length < bias.Length * positions)
        {
            throw new ArgumentException($"Expected {rows} x {positions} patches, {bias.Length} x {rows} weights and {bias.Length} x {positions} outputs.");
        }

        ref float patch = ref MemoryMarshal.GetReference(patches);
        ref float weight = ref MemoryMarshal.GetReference(weights);
        ref float result = ref MemoryMarshal.GetReference(output);
        int f = 0;
        for (; f + Group <= bias.Length; f += Group)
        {
            // Four filters at once: each patch load serves all four, so the patch matrix is streamed a quarter as often.
            int p = 0;
            if (width >= SimdWidth.Bits512)
            {
                p = GroupBlocks512(ref patch, rows, positions, ref weight, bias, ref result, f, p);
            }

            if (width >= SimdWidth.Bits256)
            {
                p = GroupBlocks256(ref patch, rows, positions, ref weight, bias, ref result, f, p);
            }

            if (width >= SimdWidth.Bits128)
            {
                p = GroupBlocks128(ref patch, rows, positions, ref weight, bias, ref result, f, p);
            }

            for (int g = f; g < f + Group; g++)
            {
                FinishScalar(patches, rows, positions, weights.Slice(g * rows, rows), bias[g], output.Slice(g * positions, positions), p);
            }
        }

        for (; f < bias.Length; f++)
        {
            ReadOnlySpan<float> filter = weights.Slice(f * rows, rows);
            Span<float> target = output.Slice(f * positions, positions);
            // The widest blocks first, then narrower ones for what is left (same order of sums in each).
            int p = 0;
            if (width >= SimdWidth.Bits512)
            {
                p = Blocks512(ref patch, rows, positions, filter, bias[f], target, p);
            }

            if (width >= SimdWidth.Bits256)
            {
                p = Blocks256(ref patch, rows, positions, filter, bias[f], target, p);
            }

            if (width >= SimdWidth.Bits128)
            {
                p = Blocks128(ref patch, rows, positions, filter, bias[f], target, p);
            }

            FinishScalar(patches, rows, positions, filter, bias[f], target, p);
        }
    }

    // How many filters the grouped blocks compute together.
    private const int Group = 4;

    // One filter's positions from start on, one at a time.
    private static void FinishScalar(ReadOnlySpan<float> patches, int rows, int positions, ReadOnlySpan<float> filter, float bias, Span<float> target, int start)
    {
        for (int p = start; p < positions; p++)
        {
            float sum = bias;
            for (int r = 0; r < rows; r++)
            {
                sum += patches[(r * positions) + p] * filter[r];
            }

            target[p] = sum;
        }
    }

    // Filters f to f + 3, whole blocks of four vectors of positions, then of two, then of one; returns the first position not done.
    private static int GroupBlocks512(ref float patch, int rows, int positions, ref float weight, ReadOnlySpan<float> bias, ref float output, int f, int start)
    {
        const int n = 16;
        ref float w0 = ref Unsafe.Add(ref weight, f * rows);
        ref float w1 = ref Unsafe.Add(ref w0, rows);
        ref float w2 = ref Unsafe.Add(ref w1, rows);
        ref float w3 = ref Unsafe.Add(ref w2, rows);
        nuint o0 = (nuint)(f * positions), o1 = o0 + (nuint)positions, o2 = o1 + (nuint)positions, o3 = o2 + (nuint)positions;
        int p = start;
        for (; p + (4 * n) <= positions; p += 4 * n)
        {
            var a0 = Vector512.Create(bias[f]);
            var b0 = a0;
            var c0 = a0;
            var d0 = a0;
            var a1 = Vector512.Create(bias[f + 1]);
            var b1 = a1;
            var c1 = a1;
            var d1 = a1;
            var a2 = Vector512.Create(bias[f + 2]);
            var b2 = a2;
            var c2 = a2;
            var d2 = a2;
            var a3 = Vector512.Create(bias[f + 3]);
            var b3 = a3;
            var c3 = a3;
            var d3 = a3;
            for (int r = 0; r < rows; r++)
            {
                nuint offset = (nuint)((r * positions) + p);
                var x = Vector512.LoadUnsafe(ref patch, offset);
                var y = Vector512.LoadUnsafe(ref patch, offset + n);
                var z = Vector512.LoadUnsafe(ref patch, offset + (2 * n));
                var v = Vector512.LoadUnsafe(ref patch, offset + (3 * n));
                var w = Vector512.Create(Unsafe.Add(ref w0, r));
                a0 += x * w;
                b0 += y * w;
                c0 += z * w;
                d0 += v * w;
                w = Vector512.Create(Unsafe.Add(ref w1, r));
                a1 += x * w;
                b1 += y * w;
                c1 += z * w;
                d1 += v * w;
                w = Vector512.Create(Unsafe.Add(ref w2, r));
                a2 += x * w;
                b2 += y * w;
                c2 += z * w;
                d2 += v * w;
                w = Vector512.Create(Unsafe.Add(ref w3, r));
                a3 += x * w;
                b3 += y * w;
                c3 += z * w;
                d3 += v * w;
            }

            nuint at = (nuint)p;
            a0.StoreUnsafe(ref output, o0 + at);
            b0.StoreUnsafe(ref output, o0 + at + n);
            c0.StoreUnsafe(ref output, o0 + at + (2 * n));
            d0.StoreUnsafe(ref output, o0 + at + (3 * n));
            a1.StoreUnsafe(ref output, o1 + at);
            b1.StoreUnsafe(ref output, o1 + at + n);
            c1.StoreUnsafe(ref output, o1 + at + (2 * n));
            d1.StoreUnsafe(ref output, o1 + at + (3 * n));
            a2.StoreUnsafe(ref output, o2 + at);
            b2.StoreUnsafe(ref output, o2 + at + n);
            c2.StoreUnsafe(ref output, o2 + at + (2 * n));
            d2.StoreUnsafe(ref output, o2 + at + (3 * n));
            a3.StoreUnsafe(ref output, o3 + at);
            b3.StoreUnsafe(ref output, o3 + at + n);
            c3.StoreUnsafe(ref output, o3 + at + (2 * n));
            d3.StoreUnsafe(ref output, o3 + at + (3 * n));
        }

        for (; p + (2 * n) <= positions; p += 2 * n)
        {
            var a0 = Vector512.Create(bias[f]);
            var b0 = a0;
            var a1 = Vector512.Create(bias[f + 1]);
            var b1 = a1;
            var a2 = Vector512.Create(bias[f + 2]);
            var b2 = a2;
            var a3 = Vector512.Create(bias[f + 3]);
            var b3 = a3;
            for (int r = 0; r < rows; r++)
            {
                nuint offset = (nuint)((r * positions) + p);
                var x = Vector512.LoadUnsafe(ref patch, offset);
                var y = Vector512.LoadUnsafe(ref patch, offset + n);
                var w = Vector512.Create(Unsafe.Add(ref w0, r));
                a0 += x * w;
                b0 += y * w;
                w = Vector512.Create(Unsafe.Add(ref w1, r));
                a1 += x * w;
                b1 += y * w;
                w = Vector512.Create(Unsafe.Add(ref w2, r));
                a2 += x * w;
                b2 += y * w;
                w = Vector512.Create(Unsafe.Add(ref w3, r));
                a3 += x * w;
                b3 += y * w;
            }

            nuint at = (nuint)p;
            a0.StoreUnsafe(ref output, o0 + at);
            b0.StoreUnsafe(ref output, o0 + at + n);
            a1.StoreUnsafe(ref output, o1 + at);
            b1.StoreUnsafe(ref output, o1 + at + n);
            a2.StoreUnsafe(ref output, o2 + at);
            b2.StoreUnsafe(ref output, o2 + at + n);
            a3.StoreUnsafe(ref output, o3 + at);
            b3.StoreUnsafe(ref output, o3 + at + n);
        }

        for (; p + n <= positions; p += n)
        {
            var a0 = Vector512.Create(bias[f]);
            var a1 = Vector512.Create(bias[f + 1]);
            var a2 = Vector512.Create(bias[f + 2]);
            var a3 = Vector512.Create(bias[f + 3]);
            for (int r = 0; r < rows; r++)
            {
                var x = Vector512.LoadUnsafe(ref patch, (nuint)((r * positions) + p));
                a0 += x * Vector512.Create(Unsafe.Add(ref w0, r));
                a1 += x * Vector512.Create(Unsafe.Add(ref w1, r));
                a2 += x * Vector512.Create(Unsafe.Add(ref w2, r));
                a3 += x * Vector512.Create(Unsafe.Add(ref w3, r));
            }

            nuint at = (nuint)p;
            a0.StoreUnsafe(ref output, o0 + at);
            a1.StoreUnsafe(ref output, o1 + at);
            a2.StoreUnsafe(ref output, o2 + at);
            a3.StoreUnsafe(ref output, o3 + at);
        }

        return p;
    }

    // Filters f to f + 3, whole blocks of two vectors of positions, then of one; returns the first position not done.
    private static int GroupBlocks256(ref float patch, int rows, int positions, ref float weight, ReadOnlySpan<float> bias, ref float output, int f, int start)
    {
        const int n = 8;
        ref float w0 = ref Unsafe.Add(ref weight, f * rows);
        ref float w1 = ref Unsafe.Add(ref w0, rows);
        ref float w2 = ref Unsafe.Add(ref w1, rows);
        ref float w3 = ref Unsafe.Add(ref w2, rows);
        nuint o0 = (nuint)(f * positions), o1 = o0 + (nuint)positions, o2 = o1 + (nuint)positions, o3 = o2 + (nuint)positions;
        int p = start;
        for (; p + (2 * n) <= positions; p += 2 * n)
        {
            var a0 = Vector256.Create(bias[f]);
            var b0 = a0;
            var a1 = Vector256.Create(bias[f + 1]);
            var b1 = a1;
            var a2 = Vector256.Create(bias[f + 2]);
            var b2 = a2;
            var a3 = Vector256.Create(bias[f + 3]);
            var b3 = a3;
            for (int r = 0; r < rows; r++)
            {
                nuint offset = (nuint)((r * positions) + p);
                var x = Vector256.LoadUnsafe(ref patch, offset);
                var y = Vector256.LoadUnsafe(ref patch, offset + n);
                var w = Vector256.Create(Unsafe.Add(ref w0, r));
                a0 += x * w;
                b0 += y * w;
                w = Vector256.Create(Unsafe.Add(ref w1, r));
                a1 += x * w;
                b1 += y * w;
                w = Vector256.Create(Unsafe.Add(ref w2, r));
                a2 += x * w;
                b2 += y * w;
                w = Vector256.Create(Unsafe.Add(ref w3, r));
                a3 += x * w;
                b3 += y * w;
            }

            nuint at = (nuint)p;
            a0.StoreUnsafe(ref output, o0 + at);
            b0.StoreUnsafe(ref output, o0 + at + n);
            a1.StoreUnsafe(ref output, o1 + at);
            b1.StoreUnsafe(ref output, o1 + at + n);
            a2.StoreUnsafe(ref output, o2 + at);
            b2.StoreUnsafe(ref output, o2 + at + n);
            a3.StoreUnsafe(ref output, o3 + at);
            b3.StoreUnsafe(ref output, o3 + at + n);
        }

        for (; p + n <= positions; p += n)
        {
            var a0 = Vector256.Create(bias[f]);
            var a1 = Vector256.Create(bias[f + 1]);
            var a2 = Vector256.Create(bias[f + 2]);
            var a3 = Vector256.Create(bias[f + 3]);
            for (int r = 0; r < rows; r++)
            {
                var x = Vector256.LoadUnsafe(ref patch, (nuint)((r * positions) + p));
                a0 += x * Vector256.Create(Unsafe.Add(ref w0, r));
                a1 += x * Vector256.Create(Unsafe.Add(ref w1, r));
                a2 += x * Vector256.Create(Unsafe.Add(ref w2, r));
                a3 += x * Vector256.Create(Unsafe.Add(ref w3, r));
            }

            nuint at = (nuint)p;
            a0.StoreUnsafe(ref output, o0 + at);
            a1.StoreUnsafe(ref output, o1 + at);
            a2.StoreUnsafe(ref output, o2 + at);
            a3.StoreUnsafe(ref output, o3 + at);
        }

        return p;
    }

    // Filters f to f + 3, whole blocks of two vectors of positions, then of one; returns the first position not done.
    private static int GroupBlocks128(ref float patch, int rows, int positions, ref float weight, ReadOnlySpan<float> bias, ref float output, int f, int start)
    {
        const int n = 4;
        ref float w0 = ref Unsafe.Add(ref weight, f * rows);
        ref float w1 = ref Unsafe.Add(ref w0, rows);
        ref float w2 = ref Unsafe.Add(ref w1, rows);
        ref float w3 = ref Unsafe.Add(ref w2, rows);
        nuint o0 = (nuint)(f * positions), o1 = o0 + (nuint)positions, o2 = o1 + (nuint)positions, o3 = o2 + (nuint)positions;
        int p = start;
        for (; p + (2 * n) <= positions; p += 2 * n)
        {
            var a0 = Vector128.Create(bias[f]);
            var b0 = a0;
            var a1 = Vector128.Create(bias[f + 1]);
            var b1 = a1;
            var a2 = Vector128.Create(bias[f + 2]);
            var b2 = a2;
            var a3 = Vector128.Create(bias[f + 3]);
            var b3 = a3;
            for (int r = 0; r < rows; r++)
            {
                nuint offset = (nuint)((r * positions) + p);
                var x = Vector128.LoadUnsafe(ref patch, offset);
                var y = Vector128.LoadUnsafe(ref patch, offset + n);
                var w = Vector128.Create(Unsafe.Add(ref w0, r));
                a0 += x * w;
                b0 += y * w;
                w = Vector128.Create(Unsafe.Add(ref w1, r));
                a1 += x * w;
                b1 += y * w;
                w = Vector128.Create(Unsafe.Add(ref w2, r));
                a2 += x * w;
                b2 += y * w;
                w = Vector128.Create(Unsafe.Add(ref w3, r));
                a3 += x * w;
                b3 += y * w;
            }

            nuint at = (nuint)p;
            a0.StoreUnsafe(ref output, o0 + at);
            b0.StoreUnsafe(ref output, o0 + at + n);
            a1.StoreUnsafe(ref output, o1 + at);
            b1.StoreUnsafe(ref output, o1 + at + n);
            a2.StoreUnsafe(ref output, o2 + at);
            b2.StoreUnsafe(ref output, o2 + at + n);
            a3.StoreUnsafe(ref output, o3 + at);
            b3.StoreUnsafe(ref output, o3 + at + n);
        }

        for (; p + n <= positions; p += n)
        {
            var a0 = Vector128.Create(bias[f]);
            var a1 = Vector128.Create(bias[f + 1]);
            var a2 = Vector128.Create(bias[f + 2]);
            var a3 = Vector128.Create(bias[f + 3]);
            for (int r = 0; r < rows; r++)
            {
                var x = Vector128.LoadUnsafe(ref patch, (nuint)((r * positions) + p));
                a0 += x * Vector128.Create(Unsafe.Add(ref w0, r));
                a1 += x * Vector128.Create(Unsafe.Add(ref w1, r));
                a2 += x * Vector128.Create(Unsafe.Add(ref w2, r));
                a3 += x * Vector128.Create(Unsafe.Add(ref w3, r));
            }

            nuint at = (nuint)p;
            a0.StoreUnsafe(ref output, o0 + at);
            a1.StoreUnsafe(ref output, o1 + at);
            a2.StoreUnsafe(ref output, o2 + at);
            a3.StoreUnsafe(ref output, o3 + at);
        }

        return p;
    }

    // One filter's whole blocks of positions; returns the first position not done.
    private static int Blocks512(ref float patch, int rows, int positions, ReadOnlySpan<float> filter, float bias, Span<float> target, int start)
    {
        const int n = 16;
        int p = start;
        for (; p + (4 * n) <= positions; p += 4 * n)
        {
            var a0 = Vector512.Create(bias);
            var a1 = a0;
            var a2 = a0;
            var a3 = a0;
            for (int r = 0; r < rows; r++)
            {
                var w = Vector512.Create(filter[r]);
                nuint offset = (nuint)((r * positions) + p);
                a0 += Vector512.LoadUnsafe(ref patch, offset) * w;
                a1 += Vector512.LoadUnsafe(ref patch, offset + n) * w;
                a2 += Vector512.LoadUnsafe(ref patch, offset + (2 * n)) * w;
                a3 += Vector512.LoadUnsafe(ref patch, offset + (3 * n)) * w;
            }

            a0.CopyTo(target[p..]);
            a1.CopyTo(target[(p + n)..]);
            a2.CopyTo(target[(p + (2 * n))..]);
            a3.CopyTo(target[(p + (3 * n))..]);
        }

        return p;
    }

    private static int Blocks256(ref float patch, int rows, int positions, ReadOnlySpan<float> filter, float bias, Span<float> target, int start)
    {
        const int n = 8;
        int p = start;
        for (; p + (4 * n) <= positions; p += 4 * n)
        {
            var a0 = Vector256.Create(bias);
            var a1 = a0;
            var a2 = a0;
            var a3 = a0;
            for (int r = 0; r < rows; r++)
            {
                var w = Vector256.Create(filter[r]);
                nuint offset = (nuint)((r * positions) + p);
                a0 += Vector256.LoadUnsafe(ref patch, offset) * w;
                a1 += Vector256.LoadUnsafe(ref patch, offset + n) * w;
                a2 += Vector256.LoadUnsafe(ref patch, offset + (2 * n)) * w;
                a3 += Vector256.LoadUnsafe(ref patch, offset + (3 * n)) * w;
            }

            a0.CopyTo(target[p..]);
            a1.CopyTo(target[(p + n)..]);
            a2.CopyTo(target[(p + (2 * n))..]);
            a3.CopyTo(target[(p + (3 * n))..]);
        }

        return p;
    }

    private static int Blocks128(ref float patch, int rows, int positions, ReadOnlySpan<float> filter, float bias, Span<float> target, int start)
    {
        const int n = 4;
        int p = start;
        for (; p + (4 * n) <= positions; p += 4 * n)
        {
            var a0 = Vector128.Create(bias);
            var a1 = a0;
            var a2 = a0;
            var a3 = a0;
            for (int r = 0; r < rows; r++)
            {
                var w = Vector128.Create(filter[r]);
                nuint offset = (nuint)((r * positions) + p);
                a0 += Vector128.LoadUnsafe(ref patch, offset) * w;
                a1 += Vector128.LoadUnsafe(ref patch, offset + n) * w;
                a2 += Vector128.LoadUnsafe(ref patch, offset + (2 * n)) * w;
                a3 += Vector128.LoadUnsafe(ref patch, offset + (3 * n)) * w;
            }

            a0.CopyTo(target[p..]);
            a1.CopyTo(target[(p + n)..]);
            a2.CopyTo(target[(p + (2 * n))..]);
            a3.CopyTo(target[(p + (3 * n))..]);
        }

        return p;
    }

    /// <summary>Adds the weight and bias gradients: dW[f, r] += dOut[f, :] · patches[r, :], dB[f] += sum of dOut[f, :].</summary>
    public static void AccumulateWeightGradients(ReadOnlySpan<float> patches, int rows, int positions, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient)
        => AccumulateWeightGradients(patches, rows, positions, outputGradient, weightGradient, biasGradient, new float[WeightGradientScratch(rows, positions, biasGradient.Length)]);

    /// <summary>Gets the scratch length <see cref="AccumulateWeightGradients(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/> needs.</summary>
    public static int WeightGradientScratch(int rows, int positions, int filters) => (rows * positions) + (filters * rows);

    /// <summary>
    /// The weight and bias gradients with caller-owned scratch: the patch matrix is transposed so that the
    /// product dOut x patchesᵀ runs on the blocked <see cref="Forward(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    /// kernel (one register block per filter and run of rows) instead of one short dot product per filter and row.
    /// </summary>
    public static void AccumulateWeightGradients(ReadOnlySpan<float> patches, int rows, int positions, ReadOnlySpan<float> outputGradient, Span<float> weightGradient, Span<float> biasGradient, Span<float> scratch)
    {
        int filters = biasGradient.Length;
        if (rows < 64)
        {
            // Few long rows (the first layer's 25 of 576 positions): long dot products are already efficient.
            for (int f = 0; f < filters; f++)
            {
                ReadOnlySpan<float> delta = outputGradient.Slice(f * positions, positions);
                biasGradient[f] += TensorPrimitives.Sum(delta);
                Span<float> gradient = weightGradient.Slice(f * rows, rows);
                for (int r = 0; r < rows; r++)
                {
                    gradient[r] += TensorPrimitives.Dot(delta, patches.Slice(r * positions, positions));
                }
            }

            return;
        }

        Span<float> transposed = scratch[..(rows * positions)];
        Span<float> product = scratch.Slice(rows * positions, filters * rows);
        Transpose(patches, rows, positions, transposed);
        Span<float> zeros = filters <= 1024 ? stackalloc float[filters] : new float[filters];
        zeros.Clear();

        // product[f, r] = sum over p of dOut[f, p] patchesᵀ[p, r]: a "convolution" whose rows are positions.
        Forward(transposed, positions, rows, outputGradient, zeros, product);
        TensorPrimitives.Add(weightGradient[..(filters * rows)], product, weightGradient[..(filters * rows)]);
        for (int f = 0; f < filters; f++)
        {
            biasGradient[f] += TensorPrimitives.Sum(outputGradient.Slice(f * positions, positions));
        }
    }

    /// <summary>Writes the patch-matrix gradient: dPatches[r, :] = sum over f of weights[f, r] dOut[f, :].</summary>
    public static void PatchGradients(ReadOnlySpan<float> weights, int rows, int positions, int filters, ReadOnlySpan<float> outputGradient, Span<float> patchGradient)
        => PatchGradients(weights, rows, positions, filters, outputGradient, patchGradient, new float[rows * filters]);

    /// <summary>
    /// The patch-matrix gradient with caller-owned scratch (rows x filters): the weights are transposed so that
    /// weightsᵀ x dOut runs on the blocked forward kernel, each output written once.
    /// </summary>
    public static void PatchGradients(ReadOnlySpan<float> weights, int rows, int positions, int filters, ReadOnlySpan<float> outputGradient, Span<float> patchGradient, Span<float> scratch)
    {
        Span<float> transposed = scratch[..(rows * filters)];
        Transpose(weights, filters, rows, transposed);
        Span<float> zeros = rows <= 4096 ? stackalloc float[rows] : new float[rows];
        zeros.Clear();
        Forward(outputGradient, filters, positions, transposed, zeros, patchGradient);
    }

    /// <summary>target[c, r] = source[r, c] for a rows x columns source.</summary>
    public static void Transpose(ReadOnlySpan<float> source, int rows, int columns, Span<float> target)
    {
        const int Tile = 16;
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(rows, r0 + Tile);
            for (int c0 = 0; c0 < columns; c0 += Tile)
            {
                int c1 = Math.Min(columns, c0 + Tile);
                for (int r = r0; r < r1; r++)
                {
                    for (int c = c0; c < c1; c++)
                    {
                        target[(c * rows) + r] = source[(r * columns) + c];
                    }
                }
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
