using System.Buffers.Binary;
using System.Text;
using Digits.Classifiers.Network;
using Digits.Files;

namespace Digits.Tests.Files;

[Trait("Category", "Fast")]
public sealed class ConvNetFileTests
{
    [Fact]
    public void SaveThenLoad_AnyLayers_RoundTrips()
    {
        using var temp = new TempFolder();
        var shape = new ConvNetShape("conv3x4 conv3x4 pool dense8");
        var network = new ConvNet(shape, Enumerable.Range(0, shape.ParameterCount).Select(i => (float)Math.Sin(i)).ToArray());
        string path = temp.File("deep.nn");
        ConvNetFile.Save(network, path);

        var (loaded, header) = ConvNetFile.Load(path);
        Assert.Equal(shape, header.Shape);
        Assert.Equal(network.Parameters, loaded.Parameters);
        Assert.Equal(ConvNetFile.CurrentVersion, BinaryPrimitives.ReadInt32LittleEndian(File.ReadAllBytes(path).AsSpan(8)));
    }

    [Fact]
    public void Load_VersionOne_ReadsTheShapeObjectAsTheSameNetwork()
    {
        using var temp = new TempFolder();
        var shape = new ConvNetShape(2, 3, 5);
        float[] parameters = Enumerable.Range(0, shape.ParameterCount).Select(i => (float)Math.Cos(i)).ToArray();
        byte[] payload = new byte[parameters.Length * 4];
        for (int i = 0; i < parameters.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(i * 4), parameters[i]);
        }

        string path = temp.File("v1.nn");
        var versionOne = new ChecksummedFile("DIGITSNN", 1, "network", "");
        versionOne.Write(path, Encoding.UTF8.GetBytes("{\"shape\":{\"filters1\":2,\"filters2\":3,\"hidden\":5},\"epochs\":16,\"seed\":1}"), payload);

        var (network, header) = ConvNetFile.Load(path);
        Assert.Equal(shape, network.Shape);
        Assert.Equal(16, header.Epochs);
        Assert.Equal(parameters, network.Parameters);
    }

    [Fact]
    public void Load_NewerVersion_SaysWhichVersionsItReads()
    {
        using var temp = new TempFolder();
        string path = temp.File("v9.nn");
        new ChecksummedFile("DIGITSNN", 9, "network", "").Write(path, "{}"u8.ToArray(), new byte[4]);
        var error = Assert.Throws<DataFileException>(() => ConvNetFile.Load(path));
        Assert.Contains("v9.nn", error.Message);
        Assert.Contains("version 9", error.Message);
        Assert.Contains("versions 1 to 2", error.Message);
    }
}
