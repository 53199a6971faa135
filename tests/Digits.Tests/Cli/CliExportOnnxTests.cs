using Digits.Models;
using Digits.Onnx;

namespace Digits.Tests.Cli;

[Trait("Category", "Mnist")]
public sealed class CliExportOnnxTests
{
    [Fact]
    public void ExportOnnx_Device_WritesTheDeviceNetworkAsThePhoneAppServesIt()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("export-onnx", "--out", temp.File("device.onnx"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("opset 17", result.Out);
        Assert.Equal(OnnxExport.ToBytes(PretrainedNetwork.Device), File.ReadAllBytes(temp.File("device.onnx")));
    }

    [Fact]
    public void ExportOnnx_UnknownNetwork_SaysWhatIsAcceptedAndWritesNothing()
    {
        using var temp = new TempFolder();
        var result = CliRunner.Run("export-onnx", "--out", temp.File("x.onnx"), "--network", "biggest");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'biggest' is neither 'device', 'shipped' nor a network file", result.Err);
        Assert.False(File.Exists(temp.File("x.onnx")));
    }

    [Fact]
    public void ExportOnnx_FileThatIsNotANetwork_NamesTheFile()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("notes.nn"), "not a network");
        var result = CliRunner.Run("export-onnx", "--out", temp.File("x.onnx"), "--network", temp.File("notes.nn"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("notes.nn: is not a Digits network file", result.Err);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.onnx"));
    }
}
