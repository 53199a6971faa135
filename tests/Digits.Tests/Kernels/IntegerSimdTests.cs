using System.Runtime.Intrinsics;
using Digits.Kernels;

namespace Digits.Tests.Kernels;

/// <summary>The portable twins of x86's integer instructions, against the definition and against the instruction itself where this CPU has it.</summary>
[Trait("Category", "Fast")]
public sealed class IntegerSimdTests
{
    [Fact]
    public void MultiplyAddAdjacent_EveryWidthAndTwin_EqualsPairwiseProducts()
    {
        var random = new Random(11);
        short[] a = new short[32], b = new short[32];
        for (int round = 0; round < 2000; round++)
        {
            for (int i = 0; i < 32; i++)
            {
                // Extremes included: -32,768 x -32,768 twice wraps to -2^31 in the instruction as well.
                a[i] = (short)(round < 10 ? short.MinValue + round : random.Next(short.MinValue, short.MaxValue + 1));
                b[i] = (short)(round < 10 ? short.MinValue : random.Next(short.MinValue, short.MaxValue + 1));
            }

            int[] expected = new int[16];
            for (int i = 0; i < 16; i++)
            {
                expected[i] = unchecked((a[2 * i] * b[2 * i]) + (a[(2 * i) + 1] * b[(2 * i) + 1]));
            }

            Assert.Equal(expected, Lanes(IntegerSimd.MultiplyAddAdjacentPortable(Vector512.Create(a), Vector512.Create(b))));
            Assert.Equal(expected[..8], Lanes(IntegerSimd.MultiplyAddAdjacentPortable(Vector256.Create(a), Vector256.Create(b))));
            Assert.Equal(expected[..4], Lanes(IntegerSimd.MultiplyAddAdjacentPortable(Vector128.Create(a), Vector128.Create(b))));
            Assert.Equal(expected, Lanes(IntegerSimd.MultiplyAddAdjacent(Vector512.Create(a), Vector512.Create(b))));
            Assert.Equal(expected[..8], Lanes(IntegerSimd.MultiplyAddAdjacent(Vector256.Create(a), Vector256.Create(b))));
            Assert.Equal(expected[..4], Lanes(IntegerSimd.MultiplyAddAdjacent(Vector128.Create(a), Vector128.Create(b))));
        }
    }

    [Fact]
    public void AddAbsoluteDifferences_EveryWidthAndTwin_AddsTheTotal()
    {
        var random = new Random(12);
        byte[] a = new byte[64], b = new byte[64];
        for (int round = 0; round < 2000; round++)
        {
            random.NextBytes(a);
            random.NextBytes(b);
            if (round == 0)
            {
                Array.Fill(a, (byte)255);
                Array.Fill(b, (byte)0);
            }

            int Total(int n) => Enumerable.Range(0, n).Sum(i => Math.Abs(a[i] - b[i]));
            Assert.Equal(7 + Total(64), Vector512.Sum(IntegerSimd.AddAbsoluteDifferencesPortable(Vector512.CreateScalar(7), Vector512.Create(a), Vector512.Create(b))));
            Assert.Equal(7 + Total(32), Vector256.Sum(IntegerSimd.AddAbsoluteDifferencesPortable(Vector256.CreateScalar(7), Vector256.Create(a), Vector256.Create(b))));
            Assert.Equal(7 + Total(16), Vector128.Sum(IntegerSimd.AddAbsoluteDifferencesPortable(Vector128.CreateScalar(7), Vector128.Create(a), Vector128.Create(b))));
            Assert.Equal(7 + Total(64), Vector512.Sum(IntegerSimd.AddAbsoluteDifferences(Vector512.CreateScalar(7), Vector512.Create(a), Vector512.Create(b))));
            Assert.Equal(7 + Total(32), Vector256.Sum(IntegerSimd.AddAbsoluteDifferences(Vector256.CreateScalar(7), Vector256.Create(a), Vector256.Create(b))));
            Assert.Equal(7 + Total(16), Vector128.Sum(IntegerSimd.AddAbsoluteDifferences(Vector128.CreateScalar(7), Vector128.Create(a), Vector128.Create(b))));
        }
    }

    private static int[] Lanes(Vector512<int> v) => Enumerable.Range(0, 16).Select(i => v[i]).ToArray();

    private static int[] Lanes(Vector256<int> v) => Enumerable.Range(0, 8).Select(i => v[i]).ToArray();

    private static int[] Lanes(Vector128<int> v) => Enumerable.Range(0, 4).Select(i => v[i]).ToArray();
}
