using Digits.Classifiers.Network;
using Digits.Models;

namespace Digits.Tests.Classifiers.Network;

[Trait("Category", "Fast")]
public sealed class ConvNetBufferTests
{
    [Fact]
    public void ReadsOnManyThreadsInTurn_ShareOneSetOfBuffers_AndGiveTheSameAnswer()
    {
        // Given: a network of its own (no other test reads with it), read once here, and a 28x28 image with a stroke
        var network = new ConvNet(PretrainedNetwork.Members[0].Shape, PretrainedNetwork.Members[0].Parameters);
        var image = new byte[784];
        for (int y = 4; y < 24; y++)
        {
            image[(y * 28) + 14] = 255;
        }

        double[] expected = network.Classify(image).Probabilities;

        // When: 40 threads, one after the other, each read it (a server's thread pool comes and goes)
        var answers = new List<double[]>();
        for (int t = 0; t < 40; t++)
        {
            var thread = new Thread(() => answers.Add(network.Classify(image).Probabilities));
            thread.Start();
            thread.Join();
        }

        // Then: one set of buffers served them all (one per thread would keep 40), and every answer is the same
        Assert.Equal(1, network.PooledPasses);
        Assert.All(answers, a => Assert.Equal(expected, a));
    }
}
