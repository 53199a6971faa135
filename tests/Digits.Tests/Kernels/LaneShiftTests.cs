using System.Runtime.Intrinsics;
using Digits.Kernels;

namespace Digits.Tests.Kernels;

/// <summary>Reading two vectors as one row one or two lanes further on: the CPU's instruction and the portable twin, against the definition.</summary>
[Trait("Category", "Fast")]
public sealed class LaneShiftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Right_EveryWidthAndTwin_EqualsTheRowReadFurtherOn(int count)
    {
        float[] row = Enumerable.Range(0, 32).Select(i => (i * 1.5f) - 7).ToArray();
        float[] Expected(int lanes) => row.AsSpan(count, lanes).ToArray();

        var (l512, u512) = (Vector512.Create(row), Vector512.Create(row.AsSpan(16)));
        var (l256, u256) = (Vector256.Create(row), Vector256.Create(row.AsSpan(8)));
        var (l128, u128) = (Vector128.Create(row), Vector128.Create(row.AsSpan(4)));
        Assert.Equal(Expected(16), ToArray(count == 1 ? LaneShift.Right(l512, u512, 1) : LaneShift.Right(l512, u512, 2)));
        Assert.Equal(Expected(8), ToArray(count == 1 ? LaneShift.Right(l256, u256, 1) : LaneShift.Right(l256, u256, 2)));
        Assert.Equal(Expected(4), ToArray(count == 1 ? LaneShift.Right(l128, u128, 1) : LaneShift.Right(l128, u128, 2)));
        Assert.Equal(Expected(16), ToArray(LaneShift.RightPortable(l512, u512, count)));
        Assert.Equal(Expected(8), ToArray(LaneShift.RightPortable(l256, u256, count)));
        Assert.Equal(Expected(4), ToArray(LaneShift.RightPortable(l128, u128, count)));
    }

    private static float[] ToArray(Vector512<float> v) => Enumerable.Range(0, 16).Select(i => v[i]).ToArray();

    private static float[] ToArray(Vector256<float> v) => Enumerable.Range(0, 8).Select(i => v[i]).ToArray();

    private static float[] ToArray(Vector128<float> v) => Enumerable.Range(0, 4).Select(i => v[i]).ToArray();
}
