using System.Runtime.Intrinsics.X86;
using Digits.Kernels;

namespace Digits.Tests.Kernels;

public sealed class ByteDistanceTests
{
    public static IEnumerable<object[]> Lengths()
        => Enumerable.Range(0, 200).Concat([255, 256, 257, 300, 783, 784, 785, 1000]).Select(n => new object[] { n });

    private delegate int Kernel(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b);

    private static IEnumerable<(string Name, Kernel Kernel, Kernel Reference, int MinLength)> Paths()
    {
        yield return ("SquaredL2", ByteDistance.SquaredL2, ByteDistance.SquaredL2Scalar, 0);
        yield return ("L1", ByteDistance.L1, ByteDistance.L1Scalar, 0);
        yield return ("Dot", ByteDistance.Dot, ByteDistance.DotScalar, 0);
        if (Avx512BW.IsSupported)
        {
            yield return ("SquaredL2Avx512", ByteDistance.SquaredL2Avx512, ByteDistance.SquaredL2Scalar, 64);
            yield return ("L1Avx512", ByteDistance.L1Avx512, ByteDistance.L1Scalar, 64);
            yield return ("DotAvx512", ByteDistance.DotAvx512, ByteDistance.DotScalar, 64);
        }

        if (Avx2.IsSupported)
        {
            yield return ("SquaredL2Avx2", ByteDistance.SquaredL2Avx2, ByteDistance.SquaredL2Scalar, 32);
            yield return ("L1Avx2", ByteDistance.L1Avx2, ByteDistance.L1Scalar, 32);
            yield return ("DotAvx2", ByteDistance.DotAvx2, ByteDistance.DotScalar, 32);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void EveryPath_RandomBytesAtOffsets_EqualsScalarReference(int length)
    {
        var random = new Random(length);
        byte[] a = new byte[length + 16];
        byte[] b = new byte[length + 16];
        random.NextBytes(a);
        random.NextBytes(b);
        foreach (var (name, kernel, reference, minLength) in Paths())
        {
            if (length < minLength)
            {
                continue;
            }

            foreach (int offset in new[] { 0, 1, 7, 15 })
            {
                var x = a.AsSpan(offset, length);
                var y = b.AsSpan(16 - offset, length);
                Assert.True(reference(x, y) == kernel(x, y), $"{name} differs at length {length}, offset {offset}");
            }
        }
    }

    [Fact]
    public void SquaredL2_ExtremeValues_DoNotOverflowAt784()
    {
        byte[] black = new byte[784];
        byte[] white = Enumerable.Repeat((byte)255, 784).ToArray();
        Assert.Equal(784 * 255 * 255, ByteDistance.SquaredL2(black, white));
        Assert.Equal(784 * 255 * 255, ByteDistance.Dot(white, white));
        Assert.Equal(784 * 255, ByteDistance.L1(white, black));
    }

    [Fact]
    public void Kernels_DifferentLengths_Throw()
    {
        Assert.Throws<ArgumentException>(() => ByteDistance.SquaredL2Scalar(new byte[3], new byte[4]));
        if (Avx512BW.IsSupported)
        {
            Assert.Throws<ArgumentException>(() => ByteDistance.SquaredL2Avx512(new byte[64], new byte[65]));
        }
    }
}

public sealed class ByteDistanceBoundedTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(784)]
    [InlineData(1000)]
    public void SquaredL2Bounded_ExactWhenWithinLimit_AboveLimitWhenStoppedEarly(int length)
    {
        var random = new Random(length);
        byte[] a = new byte[length];
        byte[] b = new byte[length];
        for (int round = 0; round < 300; round++)
        {
            random.NextBytes(a);
            random.NextBytes(b);
            int exact = ByteDistance.SquaredL2Scalar(a, b);
            int limit = random.Next(0, exact * 2);
            foreach (int value in new[] { ByteDistance.SquaredL2Bounded(a, b, limit), ByteDistance.SquaredL2BoundedScalar(a, b, limit) })
            {
                if (exact <= limit)
                {
                    Assert.Equal(exact, value);
                }
                else
                {
                    Assert.True(value > limit && value <= exact, $"length {length}: got {value}, limit {limit}, exact {exact}");
                }
            }
        }
    }
}
