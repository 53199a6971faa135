using Digits.Classifiers.Network;
using Digits.Files;
using Digits.Images;


namespace Digits.Tests.Classifiers.Network;

[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class ConvNetTests(MnistFixture mnist)
{
    [Fact]
    public void Train_ThreeEpochsOnSixThousandImages_ReadsMostTestDigitsAndLossFalls()
    {
        var epochs = new List<TrainingEpoch>();
        var options = new ConvNetTrainingOptions { Shape = new ConvNetShape(8, 16, 64), Epochs = 3, Seed = 3 };
        var network = ConvNet.Train(mnist.Data.Train.Slice(0, 6000), options, new SynchronousProgress<TrainingEpoch>(epochs.Add));

        Assert.Equal([1, 2, 3], epochs.Select(e => e.Epoch));
        Assert.True(epochs[2].Loss < epochs[0].Loss, $"loss did not fall: {epochs[0].Loss} then {epochs[2].Loss}");
        var test = mnist.Data.Test.Slice(0, 2000);
        byte[] predicted = network.Predict(test.Images);
        double accuracy = predicted.Zip(test.Labels).Count(p => p.First == p.Second) / 2000.0;
        Assert.InRange(accuracy, 0.85, 1.0); // the shipped recipe's coarse and restyled digits make three epochs of a tiny network read about 89%

        // One image through Classify agrees with the batch path and carries ten probabilities.
        var one = network.Classify(test.Images[0]);
        Assert.Equal(predicted[0], one.Digit);
        Assert.Equal(1.0, one.Probabilities.Sum(), 1e-4);
        Assert.Empty(one.Neighbors);
    }

    [Fact]
    public void Train_SameSeed_SameNetwork()
    {
        var options = new ConvNetTrainingOptions { Shape = new ConvNetShape(2, 2, 4), Epochs = 1, Seed = 8 };
        var data = mnist.Data.Train.Slice(0, 300);
        Assert.Equal(ConvNet.Train(data, options).Parameters, ConvNet.Train(data, options).Parameters);
    }

    [Fact]
    public void Train_WithBatchNormalization_SavesAPlainNetworkThatReads_AndRepeats()
    {
        var shape = new ConvNetShape("conv3x8 pool conv3x16 pool dense32");
        var options = new ConvNetTrainingOptions { Shape = shape, Epochs = 2, Seed = 2, BatchNormalization = true, Dropout = 0.25, LearningRate = 0.003 };
        var data = mnist.Data.Train.Slice(0, 4000);
        var epochs = new List<TrainingEpoch>();
        var network = ConvNet.Train(data, options, new SynchronousProgress<TrainingEpoch>(epochs.Add), validation: mnist.Data.Train.Slice(4000, 500));

        // The gammas, betas and statistics are folded into the convolutions and the dense layer.
        Assert.Equal(shape.ParameterCount, network.Parameters.Length);
        var test = mnist.Data.Test.Slice(0, 1000);
        double accuracy = network.Predict(test.Images).Zip(test.Labels).Count(p => p.First == p.Second) / 1000.0;
        Assert.InRange(accuracy, 0.9, 1.0);
        Assert.InRange(epochs[^1].ValidationAccuracy!.Value, 0.9, 1.0);
        Assert.Equal(network.Parameters, ConvNet.Train(data, options).Parameters);
    }

    [Fact]
    public void Mix_IsTheSameInEveryProcess()
    {
        // Training seeds come from this mix; a per-process hash (HashCode.Combine) would make every run differ.
        Assert.Equal(FixedMix, ConvNet.Mix(1, 1, 0));
        Assert.NotEqual(ConvNet.Mix(1, 1, 0), ConvNet.Mix(1, 1, 1));
        Assert.NotEqual(ConvNet.Mix(1, 1, 0), ConvNet.Mix(1, 2, 0));
        Assert.NotEqual(ConvNet.Mix(1, 1, 0), ConvNet.Mix(2, 1, 0));
    }

    [Fact]
    public void Train_WrongImageSize_SaysWhatItReads()
    {
        var data = new LabeledImages(new ImageSet(new byte[4 * 16], 4, 4, 4), [0, 1, 2, 3]);
        var error = Assert.Throws<ArgumentException>(() => ConvNet.Train(data, new ConvNetTrainingOptions { Epochs = 1 }));
        Assert.Contains("28x28", error.Message);
    }

    [Fact]
    public void SaveThenLoad_RoundTripsParametersAndHeader_AndBadFilesAreNamed()
    {
        using var temp = new TempFolder();
        var network = ConvNet.Train(mnist.Data.Train.Slice(0, 200), new ConvNetTrainingOptions { Shape = new ConvNetShape(2, 3, 5), Epochs = 1 });
        string path = temp.File("net.digits");
        ConvNetFile.Save(network, path, new ConvNetHeader { Epochs = 1, Seed = 1, TestAccuracy = 0.5, Source = "test" });

        var (loaded, header) = ConvNetFile.Load(path);
        Assert.Equal(network.Parameters, loaded.Parameters);
        Assert.Equal(network.Shape, header.Shape);
        Assert.Equal("test", header.Source);
        Assert.Single(Directory.GetFiles(temp.Path));

        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(path, bytes);
        var corrupt = Assert.Throws<DataFileException>(() => ConvNetFile.Load(path));
        Assert.Contains("net.digits", corrupt.Message);
        Assert.Contains("checksum", corrupt.Message);

        File.WriteAllText(path, "not a network");
        Assert.Contains("not a Digits network file", Assert.Throws<DataFileException>(() => ConvNetFile.Load(path)).Message);
        Assert.Contains("not found", Assert.Throws<DataFileException>(() => ConvNetFile.Load(temp.File("missing"))).Message);
    }

    [Fact]
    public void Augmenter_WithoutDistortion_CopiesTheImage()
    {
        byte[] image = mnist.Data.Test.Images[5].ToArray();
        float[] distorted = new float[784];
        Augmenter.Distort(image, 28, new Random(1), AugmentationOptions.None, distorted);
        Assert.Equal(image.Select(b => b / 255f), distorted);

        Augmenter.Distort(image, 28, new Random(1), new AugmentationOptions { Coarse = 0 }, distorted);
        Assert.NotEqual(image.Select(b => b / 255f), distorted);
        Assert.InRange(distorted.Sum(), image.Sum(b => b / 255f) * 0.6, image.Sum(b => b / 255f) * 1.5);
    }

    [Fact]
    public void Augmenter_Elastic_BendsStrokesRepeatablyWithoutLosingInk()
    {
        byte[] image = mnist.Data.Test.Images[5].ToArray();
        var affineOnly = AugmentationOptions.None;
        var elastic = AugmentationOptions.None with { Elastic = 34 };
        float[] plain = new float[784], bent = new float[784], again = new float[784];

        Augmenter.Distort(image, 28, new Random(4), affineOnly, plain);
        Augmenter.Distort(image, 28, new Random(4), elastic, bent);
        Augmenter.Distort(image, 28, new Random(4), elastic, again);

        Assert.Equal(bent, again);
        double moved = plain.Zip(bent).Sum(t => Math.Abs(t.First - t.Second));
        Assert.True(moved > 5, $"the elastic field moved only {moved:F2} of ink");
        Assert.InRange(bent.Sum(), plain.Sum() * 0.8, plain.Sum() * 1.2);
    }

    [Fact]
    public void Augmenter_Coarse_TurnsStrokesIntoBlobsInsideTheInkBox()
    {
        byte[] image = mnist.Data.Test.Images[5].ToArray();
        float[] original = image.Select(b => b / 255f).ToArray(), coarse = original.ToArray();

        Augmenter.Coarsen(coarse, 28, cells: 7, threshold: 0.35f);

        Assert.All(coarse, v => Assert.InRange(v, 0f, 1f));
        var inked = Enumerable.Range(0, 784).Where(i => original[i] > 0.2f).ToArray();
        int left = inked.Min(i => i % 28), right = inked.Max(i => i % 28), top = inked.Min(i => i / 28), bottom = inked.Max(i => i / 28);
        for (int i = 0; i < 784; i++)
        {
            if (i % 28 < left || i % 28 > right || i / 28 < top || i / 28 > bottom)
            {
                Assert.Equal(original[i], coarse[i]);
            }
        }

        double changed = original.Zip(coarse).Sum(t => Math.Abs(t.First - t.Second));
        Assert.True(changed > 10, $"coarsening changed only {changed:F1} of ink");
        Assert.InRange(coarse.Sum(), original.Sum() * 0.5, original.Sum() * 2);

        // A solid square is its own coarse scan: full inside, with a soft edge at most.
        float[] square = new float[784];
        for (int y = 8; y < 20; y++)
        {
            for (int x = 8; x < 20; x++)
            {
                square[(y * 28) + x] = 1;
            }
        }

        Augmenter.Coarsen(square, 28, cells: 6, threshold: 0.4f);
        for (int y = 10; y < 18; y++)
        {
            for (int x = 10; x < 18; x++)
            {
                Assert.Equal(1f, square[(y * 28) + x]);
            }
        }
    }

    [Fact]
    public void Augmenter_CoarseShare_OnlyChangesTheImagesItDraws()
    {
        byte[] image = mnist.Data.Test.Images[5].ToArray();
        float[] plain = new float[784], always = new float[784], never = new float[784];
        var options = new AugmentationOptions { Coarse = 0, Styles = 0 };

        Augmenter.Distort(image, 28, new Random(9), options, plain);
        Augmenter.Distort(image, 28, new Random(9), options with { Coarse = 1 }, always);
        Augmenter.Distort(image, 28, new Random(9), options with { Coarse = 1e-12 }, never);

        Assert.NotEqual(plain, always);
        Assert.Equal(plain, never);
    }

    private const int FixedMix = 1321202892;

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
