using Digits.Classifiers.Network;
using Digits.Files;
using Digits.Models;
using Digits.Web.Hosting;

namespace Digits.Tests.Web;

/// <summary>The phone app's version, which names the service worker's cache: it changes with the device network.</summary>
[Trait("Category", "Fast")]
public sealed class AppVersionTests
{
    [Fact]
    public void SameDeviceNetwork_SameVersion()
    {
        using var temp = new TempFolder();
        ConvNetFile.Save(PretrainedNetwork.Device, temp.File("device.nn"));

        Assert.Equal(EmbeddedAssets.Load(null).Version, EmbeddedAssets.Load(temp.File("device.nn")).Version);
    }

    [Fact]
    public void AnotherDeviceNetwork_AnotherVersion()
    {
        using var temp = new TempFolder();
        ConvNetFile.Save(SmallNetwork(), temp.File("other.nn"));

        Assert.NotEqual(EmbeddedAssets.Load(null).Version, EmbeddedAssets.Load(temp.File("other.nn")).Version);
    }

    [Fact]
    public void ADeviceNetworkThatIsNotOne_IsRefusedNamingTheFile()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("notes.nn"), "not a network");

        var error = Assert.Throws<DataFileException>(() => EmbeddedAssets.Load(temp.File("notes.nn")));
        Assert.Contains("notes.nn", error.Message);
    }

    /// <summary>A small network with random weights: not the shipped one.</summary>
    internal static ConvNet SmallNetwork()
    {
        var random = new Random(11);
        var shape = new ConvNetShape("conv3x4 pool dense16");
        return new ConvNet(shape, [.. Enumerable.Range(0, shape.ParameterCount).Select(_ => (float)((random.NextDouble() - 0.5) * 0.4))]);
    }
}
