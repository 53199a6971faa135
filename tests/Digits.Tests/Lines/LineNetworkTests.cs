using Digits.Files;
using Digits.Lines;
using Digits.Models;

namespace Digits.Tests.Lines;

[Trait("Category", "Fast")]
public sealed class LineNetworkTests
{
    private static readonly LineShape Small = new("conv3x4 pool conv3x8 pool conv3x8 conv3x8");

    [Fact]
    public void Train_LearnsToReadLinesOfBarsAndDots()
    {
        // A toy script: a tall bar is a 1, a dot at the foot is a '.'; lines of 1 to 4 of them.
        static (LineImage, string) Sample(Random random)
        {
            int count = random.Next(1, 5), width = 12 * count + 16;
            float[] pixels = new float[LineShape.Height * width];
            var text = new System.Text.StringBuilder();
            for (int i = 0; i < count; i++)
            {
                bool bar = random.NextDouble() < 0.6;
                int x = 8 + (12 * i) + random.Next(0, 3);
                for (int y = bar ? 4 : 24; y < 28; y++)
                {
                    for (int dx = 0; dx < (bar ? 3 : 4); dx++)
                    {
                        pixels[(y * width) + x + dx] = 1;
                    }
                }

                text.Append(bar ? '1' : '.');
            }

            return (LineImage.Of(pixels, width), text.ToString());
        }

        var options = new LineTrainingOptions { Shape = Small, Batches = 300, BatchSize = 16, LearningRate = 0.005, Seed = 3 };
        LineNetwork network = LineNetwork.Train(Sample, options);
        var random = new Random(99);
        int right = 0;
        for (int i = 0; i < 50; i++)
        {
            var (line, text) = Sample(random);
            right += network.Read(line).Text == text ? 1 : 0;
        }

        Assert.True(right >= 45, $"read {right} of 50 toy lines");
    }

    [Fact]
    public void File_RoundTripsTheParameters_AndRefusesACorruptOne()
    {
        var random = new Random(1);
        var network = new LineNetwork(Small, Enumerable.Range(0, Small.ParameterCount).Select(_ => (float)random.NextDouble()).ToArray());
        string path = Path.Combine(Path.GetTempPath(), $"digits-lines-{Guid.NewGuid():N}.ln");
        try
        {
            LineNetworkFile.Save(network, path, new LineNetworkHeader { Batches = 7, Recipe = "test" });
            var (loaded, header) = LineNetworkFile.Load(path);
            Assert.Equal(network.Parameters, loaded.Parameters);
            Assert.Equal((7, "test", Small.Layers), (header.Batches, header.Recipe, header.Layers));
            byte[] bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 1;
            File.WriteAllBytes(path, bytes);
            var error = Assert.Throws<DataFileException>(() => LineNetworkFile.Load(path));
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Shipped_LoadsWithItsRecipe_AndReadsABlankLineAsNothing()
    {
        Assert.Contains("train-lines", PretrainedLineNetwork.Header.Recipe, StringComparison.Ordinal);
        LineReading blank = PretrainedLineNetwork.Network.Read(LineImage.Of(new float[LineShape.Height * 96], 96));
        Assert.Equal("", blank.Text);
    }

    [Fact]
    public void Alphabet_EncodesDigitsAndMarks_AndRefusesOtherCharacters()
    {
        Assert.Equal([2, 11, 6, 1, 1], LineAlphabet.Encode("1.500"));
        Assert.True(LineAlphabet.Writes("12/05 14:30"[..5]));
        Assert.False(LineAlphabet.Writes("12a"));
        Assert.Throws<ArgumentException>(() => LineAlphabet.ClassOf('x'));
    }
}
