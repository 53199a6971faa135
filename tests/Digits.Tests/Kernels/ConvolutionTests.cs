using Digits.Kernels;


namespace Digits.Tests.Kernels;

[Trait("Category", "Fast")]
public sealed class ConvolutionTests
{
    [Theory]
    [InlineData(1, 28, 28, 5, 4)]
    [InlineData(3, 12, 12, 5, 7)]
    [InlineData(2, 9, 6, 3, 1)]
    [InlineData(1, 5, 5, 5, 2)]
    [InlineData(4, 12, 12, 5, 3)]
    public void UnfoldThenForward_EqualsScalarDefinition(int channels, int height, int width, int k, int filters)
    {
        var random = new Random(channels * 100 + height);
        float[] input = RandomArray(random, channels * height * width);
        float[] weights = RandomArray(random, filters * channels * k * k);
        float[] bias = RandomArray(random, filters);
        int positions = (height - k + 1) * (width - k + 1);
        float[] patches = new float[channels * k * k * positions];
        float[] fast = new float[filters * positions];
        float[] reference = new float[filters * positions];

        Convolution.Unfold(input, channels, height, width, k, patches);
        Convolution.Forward(patches, channels * k * k, positions, weights, bias, fast);
        Convolution.ForwardScalar(input, channels, height, width, k, weights, bias, reference);

        for (int i = 0; i < fast.Length; i++)
        {
            Assert.Equal(reference[i], fast[i], 1e-4f);
        }

        // Bit for bit, every output equals the float sum in row order with separate multiply and add.
        int rows = channels * k * k;
        for (int f = 0; f < filters; f++)
        {
            for (int p = 0; p < positions; p++)
            {
                float sum = bias[f];
                for (int r = 0; r < rows; r++)
                {
                    sum += patches[(r * positions) + p] * weights[(f * rows) + r];
                }

                Assert.Equal(sum, fast[(f * positions) + p]);
            }
        }
    }

    [Theory]
    [SimdWidthData(SimdWidth.Bits512)]
    [SimdWidthData(SimdWidth.Bits256)]
    [SimdWidthData(SimdWidth.Bits128)]
    [SimdWidthData(SimdWidth.Scalar)]
    public void Forward_EveryPath_EqualsRowOrderSumBitForBit(SimdWidth width)
    {
        // Position counts around every block size (4 to 64) and the network's own (784, 196); filter counts
        // around the group of four filters read together.
        var random = new Random(17);
        foreach (int positions in new[] { 1, 3, 4, 5, 8, 15, 16, 17, 33, 64, 65, 100, 196, 576, 784 })
        {
            foreach (int filters in new[] { 1, 3, 4, 5, 9 })
            {
                int rows = 25;
                float[] patches = RandomArray(random, rows * positions);
                float[] weights = RandomArray(random, filters * rows);
                float[] bias = RandomArray(random, filters);
                float[] output = new float[filters * positions];
                Convolution.Forward(patches, rows, positions, weights, bias, output, width);
                for (int f = 0; f < filters; f++)
                {
                    for (int p = 0; p < positions; p++)
                    {
                        float sum = bias[f];
                        for (int r = 0; r < rows; r++)
                        {
                            sum += patches[(r * positions) + p] * weights[(f * rows) + r];
                        }

                        Assert.True(sum == output[(f * positions) + p], $"{width.Name()}: position {p} of {positions}, filter {f} of {filters}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Fold_IsTheAdjointOfUnfold()
    {
        // <Unfold(x), p> = <x, Fold(p)> for every x and p: Fold routes gradients back exactly.
        var random = new Random(7);
        int channels = 3, height = 10, width = 11, k = 4;
        int rows = channels * k * k, positions = (height - k + 1) * (width - k + 1);
        float[] x = RandomArray(random, channels * height * width);
        float[] p = RandomArray(random, rows * positions);
        float[] unfolded = new float[rows * positions];
        float[] folded = new float[x.Length];
        Convolution.Unfold(x, channels, height, width, k, unfolded);
        Convolution.Fold(p, channels, height, width, k, folded);
        double left = unfolded.Zip(p).Sum(t => (double)t.First * t.Second);
        double right = x.Zip(folded).Sum(t => (double)t.First * t.Second);
        Assert.Equal(left, right, 1e-3);
    }

    [Theory]
    [InlineData(12, 30, 4)]     // short: the plain dot products
    [InlineData(100, 64, 70)]   // the second layer's kind: blocked kernels, with a 256- and 128-bit remainder
    [InlineData(200, 36, 9)]
    public void Gradients_EqualTheirDefinitions(int rows, int positions, int filters)
    {
        var random = new Random(9);
        float[] patches = RandomArray(random, rows * positions);
        float[] weights = RandomArray(random, filters * rows);
        float[] delta = RandomArray(random, filters * positions);
        float[] weightGradient = new float[filters * rows];
        float[] biasGradient = new float[filters];
        float[] patchGradient = new float[rows * positions];

        Convolution.AccumulateWeightGradients(patches, rows, positions, delta, weightGradient, biasGradient);
        Convolution.PatchGradients(weights, rows, positions, filters, delta, patchGradient);

        for (int f = 0; f < filters; f++)
        {
            Assert.Equal(Enumerable.Range(0, positions).Sum(p => (double)delta[(f * positions) + p]), biasGradient[f], 1e-4);
            for (int r = 0; r < rows; r++)
            {
                double expected = Enumerable.Range(0, positions).Sum(p => (double)delta[(f * positions) + p] * patches[(r * positions) + p]);
                Assert.Equal(expected, weightGradient[(f * rows) + r], 1e-4);
            }
        }

        for (int r = 0; r < rows; r++)
        {
            for (int p = 0; p < positions; p++)
            {
                double expected = Enumerable.Range(0, filters).Sum(f => (double)weights[(f * rows) + r] * delta[(f * positions) + p]);
                Assert.Equal(expected, patchGradient[(r * positions) + p], 1e-4);
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(17, 33)]
    [InlineData(64, 800)]
    public void Transpose_SwapsRowsAndColumns(int rows, int columns)
    {
        float[] source = Enumerable.Range(0, rows * columns).Select(i => (float)i).ToArray();
        float[] target = new float[source.Length];
        Convolution.Transpose(source, rows, columns, target);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                Assert.Equal(source[(r * columns) + c], target[(c * rows) + r]);
            }
        }
    }

    private static float[] RandomArray(Random random, int length) => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
}
