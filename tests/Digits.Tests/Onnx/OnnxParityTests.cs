using Digits.Models;
using Xunit.Abstractions;

namespace Digits.Tests.Onnx;

/// <summary>The shipped networks' ONNX files over the whole MNIST test set (the phone app's parity).</summary>
[Trait("Category", "Mnist")]
[Collection(MnistCollection.Name)]
public sealed class OnnxParityTests(MnistFixture mnist, ITestOutputHelper output)
{
    [Fact]
    public void DeviceNetwork_ReadsAllOfMnistTest_AsTheLibraryDoes()
        => output.WriteLine($"largest difference of a probability: {OnnxExportTests.AssertSameReading(PretrainedNetwork.Device, mnist.Data.Test.Images, 1e-4):G3}");

    [Fact]
    public void ShippedAverage_ReadsAllOfMnistTest_AsTheLibraryDoes()
        => output.WriteLine($"largest difference of a probability: {OnnxExportTests.AssertSameReading(PretrainedNetwork.Network, mnist.Data.Test.Images, 1e-4):G3}");
}
