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
    public void File_OfAnEarlierAlphabet_LoadsWithTheNewClassesSilent()
    {
        // A reader saved before the not-a-digit class existed: its output layer has one class fewer.
        var random = new Random(2);
        var today = new LineNetwork(Small, Enumerable.Range(0, Small.ParameterCount).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        string earlier = LineAlphabet.Characters[..^1];
        int features = Small.Features;
        int body = Small.ParameterCount - (LineAlphabet.Classes * (features + 1));
        float[] stored = [.. today.Parameters.AsSpan(0, body + ((LineAlphabet.Classes - 1) * features)),
            .. today.Parameters.AsSpan(body + (LineAlphabet.Classes * features), LineAlphabet.Classes - 1)];
        string path = Path.Combine(Path.GetTempPath(), $"digits-lines-{Guid.NewGuid():N}.ln");
        try
        {
            LineNetworkFile.Write(path, new LineNetworkHeader { Layers = Small.Layers, Alphabet = earlier }, stored);
            var (loaded, header) = LineNetworkFile.Load(path);
            Assert.Equal(LineAlphabet.Characters, header.Alphabet);
            Assert.Equal(Small.ParameterCount, loaded.Parameters.Length);
            Assert.Equal(stored.AsSpan(0, body + ((LineAlphabet.Classes - 1) * features)).ToArray(), loaded.Parameters.AsSpan(0, body + ((LineAlphabet.Classes - 1) * features)).ToArray());
            var line = LineImage.Of(Enumerable.Range(0, LineShape.Height * 64).Select(i => (float)((i * 7) % 11) / 10).ToArray(), 64);
            Assert.DoesNotContain(LineAlphabet.NotDigit, loaded.Read(line).Text);

            LineNetworkFile.Write(path, new LineNetworkHeader { Layers = Small.Layers, Alphabet = "0123456789abc" }, stored);
            Assert.Contains("writes the characters", Assert.Throws<DataFileException>(() => LineNetworkFile.Load(path)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Average_OfOneNetworkTwice_ReadsAsItDoes_AndRefusesShapesThatDiffer()
    {
        var random = new Random(5);
        var network = new LineNetwork(Small, Enumerable.Range(0, Small.ParameterCount).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray());
        var other = new LineNetwork(new LineShape("conv3x4 pool conv3x8"), new float[new LineShape("conv3x4 pool conv3x8").ParameterCount]);
        var line = LineImage.Of(Enumerable.Range(0, LineShape.Height * 80).Select(i => (float)((i * 13) % 17) / 16).ToArray(), 80);
        LineNetwork twice = LineNetwork.Average([network, network]);
        Assert.Equal(2, twice.MemberCount);
        LineReading alone = network.Read(line), averaged = twice.Read(line);
        Assert.Equal(alone.Text, averaged.Text);
        Assert.Equal(alone.Confidence, averaged.Confidence, 4);
        Assert.Same(network, LineNetwork.Average([network]));
        Assert.Throws<ArgumentException>(() => LineNetwork.Average([network, other]));
        Assert.Throws<ArgumentException>(() => LineNetwork.Average([]));
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
        Assert.True(LineAlphabet.Writes("~~12"));
        Assert.Throws<ArgumentException>(() => LineAlphabet.ClassOf('x'));
    }
}
