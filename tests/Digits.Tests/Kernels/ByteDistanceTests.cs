using CsCheck;
using Digits.Kernels;


namespace Digits.Tests.Kernels;

[Trait("Category", "Fast")]
public sealed class ByteDistanceTests
{
    private static readonly int[] Lengths = Enumerable.Range(0, 200).Concat([255, 256, 257, 300, 783, 784, 785, 1000]).ToArray();

    private delegate int Kernel(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b);

    private delegate int WidthKernel(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, SimdWidth width);

    private static IEnumerable<(string Name, WidthKernel Kernel, Kernel Definition)> Distances()
    {
        yield return ("SquaredL2", ByteDistance.SquaredL2, (a, b) => Sum(a, b, (x, y) => (x - y) * (x - y)));
        yield return ("L1", ByteDistance.L1, (a, b) => Sum(a, b, (x, y) => Math.Abs(x - y)));
        yield return ("Dot", ByteDistance.Dot, (a, b) => Sum(a, b, (x, y) => x * y));
    }

    [Theory]
    [SimdWidthData(SimdWidth.Bits512)]
    [SimdWidthData(SimdWidth.Bits256)]
    [SimdWidthData(SimdWidth.Bits128)]
    [SimdWidthData(SimdWidth.Scalar)]
    public void EveryDistance_RandomBytesAtEveryLengthAndOffset_EqualsDefinition(SimdWidth width)
    {
        foreach (int length in Lengths)
        {
            var random = new Random(length);
            byte[] a = new byte[length + 16];
            byte[] b = new byte[length + 16];
            random.NextBytes(a);
            random.NextBytes(b);
            foreach (var (name, kernel, definition) in Distances())
            {
                foreach (int offset in new[] { 0, 1, 7, 15 })
                {
                    var x = a.AsSpan(offset, length);
                    var y = b.AsSpan(16 - offset, length);
                    Assert.True(definition(x, y) == kernel(x, y, width), $"{name} on the {width.Name()} path differs at length {length}, offset {offset}");
                }
            }
        }
    }

    [Fact]
    public void EveryDistance_GeneratedInputs_EqualsDefinitionOnEveryPath()
    {
        // Lengths up to 1,100 and contents biased towards 0 and 255 (the extremes that overflow narrow sums).
        Gen<byte> value = Gen.OneOf(Gen.Byte, Gen.Const((byte)0), Gen.Const((byte)255));
        var inputs = Gen.Int[0, 1100].SelectMany(length => Gen.Select(value.Array[length + 8], value.Array[length + 8], Gen.Int[0, 8], Gen.Int[0, 8]));
        inputs.Sample((a, b, offsetA, offsetB) =>
        {
            int length = a.Length - 8;
            var x = a.AsSpan(offsetA, length);
            var y = b.AsSpan(offsetB, length);
            foreach (SimdWidth width in SimdWidths.Available)
            {
                foreach (var (name, kernel, definition) in Distances())
                {
                    Assert.True(definition(x, y) == kernel(x, y, width), $"{name} on the {width.Name()} path differs at length {length}");
                }
            }
        }, iter: 300);
    }

    [Fact]
    public void SquaredL2Bounded_GeneratedInputsAndLimits_IsExactUnderTheLimit_AndOverItWhenItStopsEarly()
    {
        var inputs = Gen.Int[0, 1100].SelectMany(length => Gen.Select(Gen.Byte.Array[length], Gen.Byte.Array[length], Gen.Int[0, 30_000_000]));
        inputs.Sample((a, b, limit) =>
        {
            int exact = ByteDistance.SquaredL2(a, b);
            int bounded = ByteDistance.SquaredL2Bounded(a, b, limit);
            Assert.True(exact <= limit ? bounded == exact : bounded > limit && bounded <= exact, $"length {a.Length}, limit {limit}: exact {exact}, bounded {bounded}");
        }, iter: 300);
    }

    [Fact]
    public void PublicMethods_TakeTheWidestPath_AndEqualDefinition()
    {
        var random = new Random(3);
        byte[] a = new byte[784], b = new byte[784];
        random.NextBytes(a);
        random.NextBytes(b);
        Assert.Equal(SimdWidths.Widest, ByteDistance.Path);
        Assert.Equal(Sum(a, b, (x, y) => (x - y) * (x - y)), ByteDistance.SquaredL2(a, b));
        Assert.Equal(Sum(a, b, (x, y) => Math.Abs(x - y)), ByteDistance.L1(a, b));
        Assert.Equal(Sum(a, b, (x, y) => x * y), ByteDistance.Dot(a, b));
    }

    [Theory]
    [SimdWidthData(SimdWidth.Bits512)]
    [SimdWidthData(SimdWidth.Bits256)]
    [SimdWidthData(SimdWidth.Bits128)]
    [SimdWidthData(SimdWidth.Scalar)]
    public void SquaredL2_ExtremeValues_DoNotOverflowAt784(SimdWidth width)
    {
        byte[] black = new byte[784];
        byte[] white = Enumerable.Repeat((byte)255, 784).ToArray();
        Assert.Equal(784 * 255 * 255, ByteDistance.SquaredL2(black, white, width));
        Assert.Equal(784 * 255 * 255, ByteDistance.Dot(white, white, width));
        Assert.Equal(784 * 255, ByteDistance.L1(white, black, width));
    }

    [Fact]
    public void Kernels_DifferentLengths_Throw()
    {
        foreach (SimdWidth width in SimdWidths.Available)
        {
            var error = Assert.Throws<ArgumentException>(() => ByteDistance.SquaredL2(new byte[64], new byte[65], width));
            Assert.Contains("equal length, got 64 and 65", error.Message);
        }

        Assert.Throws<ArgumentException>(() => ByteDistance.SquaredL2(new byte[3], new byte[4]));
        Assert.Throws<ArgumentException>(() => ByteDistance.SquaredL2Bounded(new byte[3], new byte[4], 10));
    }

    [Theory]
    [SimdWidthData(SimdWidth.Bits512)]
    [SimdWidthData(SimdWidth.Bits256)]
    [SimdWidthData(SimdWidth.Bits128)]
    [SimdWidthData(SimdWidth.Scalar)]
    public void SquaredL2Bounded_ExactWhenWithinLimit_AboveLimitWhenStoppedEarly(SimdWidth width)
    {
        foreach (int length in new[] { 16, 40, 64, 100, 127, 128, 129, 784, 1000 })
        {
            var random = new Random(length);
            byte[] a = new byte[length];
            byte[] b = new byte[length];
            for (int round = 0; round < 300; round++)
            {
                random.NextBytes(a);
                random.NextBytes(b);
                int exact = Sum(a, b, (x, y) => (x - y) * (x - y));
                int limit = random.Next(0, exact * 2);
                int value = ByteDistance.SquaredL2Bounded(a, b, limit, width);
                if (exact <= limit)
                {
                    Assert.Equal(exact, value);
                }
                else
                {
                    Assert.True(value > limit && value <= exact, $"{width.Name()}, length {length}: got {value}, limit {limit}, exact {exact}");
                }
            }
        }
    }

    [Fact]
    public void SquaredL2Bounded_StopsAtTheSameBlockOnEveryPath()
    {
        // Given: a first block of 128 elements far apart, then more: every path checks after each 128 elements
        byte[] a = new byte[784], b = new byte[784];
        Array.Fill(a, (byte)10, 0, 128);
        Array.Fill(a, (byte)200, 128, 656);
        int firstBlock = 128 * 100;

        // Then: each stops after the first block and returns exactly its sum
        foreach (SimdWidth width in SimdWidths.Available)
        {
            Assert.Equal(firstBlock, ByteDistance.SquaredL2Bounded(a, b, firstBlock - 1, width));
        }
    }

    private static int Sum(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Func<int, int, int> term)
    {
        int sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += term(a[i], b[i]);
        }

        return sum;
    }
}
