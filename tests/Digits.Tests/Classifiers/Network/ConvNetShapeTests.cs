using System.Text.Json;
using Digits.Classifiers.Network;

namespace Digits.Tests.Classifiers.Network;

[Trait("Category", "Fast")]
public sealed class ConvNetShapeTests
{
    [Fact]
    public void DefaultShape_IsTheFirstShippedNetwork()
    {
        var shape = new ConvNetShape();
        Assert.Equal("conv5x32 pool conv5x64 pool dense128", shape.Layers);
        Assert.Equal((32 * 25) + 32 + (64 * 800) + 64 + (128 * 1024) + 128 + (10 * 128) + 10, shape.ParameterCount);
        Assert.Equal(shape, new ConvNetShape(" CONV5x32  pool conv5x64 pool dense128 "));
        Assert.Equal(1024, shape.Parsed[^1].InputLength);
    }

    [Fact]
    public void DeepShape_HasTheSizesOfFourThreeByThreeConvolutions()
    {
        ConvNetShape shape = ConvNetShape.Deep;
        Assert.Equal([26, 24, 12, 10, 8, 4, 1], shape.Parsed.Select(l => l.OutputHeight));
        Assert.Equal(64 * 4 * 4, shape.Parsed[^1].InputLength);
        Assert.Equal(256, shape.Features);
        Assert.Equal((32 * 9) + 32 + (32 * 288) + 32 + (64 * 288) + 64 + (64 * 576) + 64 + (256 * 1024) + 256 + 2570, shape.ParameterCount);
    }

    [Theory]
    [InlineData("", "at least one layer")]
    [InlineData("conv3", "convKxF")]
    [InlineData("conv0x8", "1..9")]
    [InlineData("conv3x8 pool pool pool pool pool", "2x2")]
    [InlineData("conv9x8 conv9x8 conv9x8 conv9x8", "does not fit")]
    [InlineData("dense0", "denseN")]
    [InlineData("relu", "not understood")]
    public void BadLayers_AreNamed(string layers, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new ConvNetShape(layers));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Json_WritesTheLayers_AndReadsTheVersionOneObject()
    {
        Assert.Equal("\"conv3x8 pool dense16\"", JsonSerializer.Serialize(new ConvNetShape("conv3x8 pool dense16")));
        Assert.Equal(new ConvNetShape(16, 24, 64), JsonSerializer.Deserialize<ConvNetShape>("{\"filters1\":16,\"filters2\":24,\"hidden\":64}"));
        Assert.Equal(ConvNetShape.Deep, JsonSerializer.Deserialize<ConvNetShape>(JsonSerializer.Serialize(ConvNetShape.Deep)));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ConvNetShape>("12"));
    }
}
