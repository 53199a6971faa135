using Digits.Classifiers;
using Digits.Classifiers.Network;
using Digits.Images;
using Digits.Models;
using Digits.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Digits.Tests.Onnx;

/// <summary>The exported ONNX file, run by Microsoft's ONNX Runtime, against the library's own reading.</summary>
[Trait("Category", "Fast")]
public sealed class OnnxExportTests
{
    [Fact]
    public void RandomNetworks_ReadRandomImages_AsTheLibraryDoes()
    {
        var random = new Random(5);
        foreach (string layers in new[] { "conv3x4 pool dense16", "conv5x3 conv3x5 pool conv3x4 pool dense8 dense12", "dense10", "pool conv3x2" })
        {
            var shape = new ConvNetShape(layers);
            var network = new ConvNet(shape, Enumerable.Range(0, shape.ParameterCount).Select(_ => (float)((random.NextDouble() - 0.5) * 0.4)).ToArray());
            ImageSet images = RandomImages(random, 40);
            AssertSameReading(network, images, 1e-5);
        }
    }

    [Fact]
    public void AnAverage_IsTheMeanOfItsMembers()
    {
        var random = new Random(6);
        var shape = new ConvNetShape("conv3x4 pool dense16");
        ConvNet Make() => new(shape, Enumerable.Range(0, shape.ParameterCount).Select(_ => (float)((random.NextDouble() - 0.5) * 0.4)).ToArray());
        var average = new NetworkAverage([Make(), Make(), Make()]);
        AssertSameReading(average, RandomImages(random, 30), 1e-5);
    }

    [Fact]
    public void NotANetwork_IsRefusedWithAClearMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes(new NotANetwork()));
        Assert.Contains("Only networks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LeavesAWholeFile()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "device.onnx");
        OnnxExport.Write(PretrainedNetwork.Device, path);
        using var session = new InferenceSession(path);
        Assert.Equal(OnnxExport.InputName, session.InputMetadata.Keys.Single());
        Assert.Equal(OnnxExport.OutputName, session.OutputMetadata.Keys.Single());
        Assert.Contains("digits.model", session.ModelMetadata.CustomMetadataMap.Keys);
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    /// <summary>Runs <paramref name="network"/>'s ONNX file over <paramref name="images"/>: same digit everywhere, probabilities within <paramref name="tolerance"/>; returns the largest difference.</summary>
    internal static double AssertSameReading(IDigitClassifier network, ImageSet images, double tolerance)
    {
        using var session = new InferenceSession(OnnxExport.ToBytes(network));
        DigitPrediction[] expected = network.ClassifyAll(images);
        const int Batch = 500;
        double worst = 0;
        int differentDigits = 0;
        for (int first = 0; first < images.Count; first += Batch)
        {
            int count = Math.Min(Batch, images.Count - first);
            var input = new DenseTensor<float>([count, 1, 28, 28]);
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> image = images[first + i];
                for (int p = 0; p < 784; p++)
                {
                    input.Buffer.Span[(i * 784) + p] = image[p];
                }
            }

            using var results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, input)]);
            float[] output = results.Single(r => r.Name == OnnxExport.OutputName).AsEnumerable<float>().ToArray();
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<float> row = output.AsSpan(i * 10, 10);
                DigitPrediction want = expected[first + i];
                if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row) != want.Digit)
                {
                    differentDigits++;
                }

                for (int d = 0; d < 10; d++)
                {
                    worst = Math.Max(worst, Math.Abs(row[d] - want.Probabilities[d]));
                }
            }
        }

        Assert.True(differentDigits == 0, $"{differentDigits} of {images.Count} images read as another digit by ONNX Runtime");
        Assert.True(worst <= tolerance, $"the largest difference of a probability is {worst:G3}, above {tolerance:G3}");
        return worst;
    }

    private sealed class NotANetwork : IDigitClassifier
    {
        public string Description => "a rule";

        public byte[] Predict(ImageSet images, IProgress<int>? progress = null, CancellationToken cancellationToken = default) => new byte[images.Count];

        public DigitPrediction Classify(ReadOnlySpan<byte> image) => new(0, new double[10], []);
    }

    private static ImageSet RandomImages(Random random, int count)
    {
        byte[] pixels = new byte[count * 784];
        random.NextBytes(pixels);
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = pixels[i] < 160 ? (byte)0 : pixels[i]; // mostly background, as digits are
        }

        return new ImageSet(pixels, count, 28, 28);
    }
}
