using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Digits.Classifiers.Network;

/// <summary>
/// The network's architecture for 28x28 digits, as a line of layers: <c>conv5x32</c> is a valid (unpadded),
/// stride-1 convolution of 32 filters of 5x5 followed by ReLU; <c>pool</c> is 2x2 max pooling; <c>dense128</c>
/// is a dense layer of 128 ReLU units. Ten outputs with softmax always follow. Training may put batch
/// normalisation after every convolution and hidden dense layer, and dropout after every hidden dense layer
/// (<see cref="ConvNetTrainingOptions"/>); the saved network has batch normalisation folded into the layer before it,
/// so the shape says nothing about it. The parameters lie in one flat array, layer by layer, each layer's
/// weights (output-major: filter, channel, row, column) then its biases.
/// </summary>
[JsonConverter(typeof(ConvNetShapeJsonConverter))]
public sealed record ConvNetShape
{
    /// <summary>Side of the input image.</summary>
    public const int Side = 28;

    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    /// <summary>
    /// Initializes the two-convolution shape of the first shipped networks:
    /// <c>conv5x{filters1} pool conv5x{filters2} pool dense{hidden}</c>.
    /// </summary>
    /// <param name="filters1">Filters of the first convolution.</param>
    /// <param name="filters2">Filters of the second convolution.</param>
    /// <param name="hidden">Units of the dense hidden layer.</param>
    public ConvNetShape(int filters1 = 32, int filters2 = 64, int hidden = 128)
        : this(string.Create(CultureInfo.InvariantCulture, $"conv5x{filters1} pool conv5x{filters2} pool dense{hidden}"))
    {
    }

    /// <summary>Initializes a shape from its line of layers, for example <c>conv3x32 conv3x32 pool conv3x64 conv3x64 pool dense256</c>.</summary>
    /// <param name="layers">The layers, separated by spaces.</param>
    /// <exception cref="ArgumentException">A layer is not understood, a size is out of range, or a layer does not fit its input.</exception>
    public ConvNetShape(string layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Parsed = Parse(layers);
        Layers = string.Join(' ', Parsed.Select(l => l.ToString()));
    }

    /// <summary>Gets the small network shipped first (two 5x5 convolutions, 128 hidden units).</summary>
    public static ConvNetShape Small { get; } = new();

    /// <summary>Gets the deeper network: four 3x3 convolutions in two blocks, 256 hidden units.</summary>
    public static ConvNetShape Deep { get; } = new("conv3x32 conv3x32 pool conv3x64 conv3x64 pool dense256");

    /// <summary>Gets the layers in their canonical spelling.</summary>
    public string Layers { get; }

    /// <summary>Gets the number of parameters of the network without batch normalisation.</summary>
    public int ParameterCount => Parsed.Sum(l => l.ParameterCount) + ((Parsed.Count == 0 ? 1 : Parsed[^1].OutputLength) * Classes) + Classes;

    /// <summary>Gets the parsed layers (hidden layers only; the output layer is implied).</summary>
    internal IReadOnlyList<LayerShape> Parsed { get; }

    /// <summary>Gets the length of the features entering the output layer.</summary>
    internal int Features => Parsed.Count == 0 ? Side * Side : Parsed[^1].OutputLength;

    /// <summary>Checks the sizes are usable (the constructor already did).</summary>
    public void Validate() => _ = Parse(Layers);

    /// <inheritdoc/>
    public override string ToString() => Layers + " softmax10";

    /// <inheritdoc/>
    public bool Equals(ConvNetShape? other) => other is not null && other.Layers == Layers;

    /// <inheritdoc/>
    public override int GetHashCode() => Layers.GetHashCode(StringComparison.Ordinal);

    private static List<LayerShape> Parse(string text)
    {
        var layers = new List<LayerShape>();
        int channels = 1, height = Side, width = Side;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            LayerShape layer = ParseLayer(word, channels, height, width);
            layers.Add(layer);
            (channels, height, width) = (layer.OutputChannels, layer.OutputHeight, layer.OutputWidth);
        }

        if (layers.Count == 0)
        {
            throw new ArgumentException("A network shape needs at least one layer (for example 'conv5x32 pool dense128').");
        }

        if (layers.Count > 32)
        {
            throw new ArgumentException($"A network shape has at most 32 layers, got {layers.Count}.");
        }

        return layers;
    }

    private static LayerShape ParseLayer(string word, int channels, int height, int width)
    {
        string lower = word.ToLowerInvariant();
        if (lower == "pool")
        {
            if (height < 2 || width < 2)
            {
                throw new ArgumentException($"Layer '{word}': a 2x2 pooling needs an input of at least 2x2, got {height}x{width}.");
            }

            return new LayerShape(LayerKind.Pool, 2, channels, channels, height, width);
        }

        if (lower.StartsWith("conv", StringComparison.Ordinal))
        {
            string[] parts = lower[4..].Split('x');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int filters))
            {
                throw new ArgumentException($"Layer '{word}' is not understood: a convolution is written convKxF, for example conv3x32.");
            }

            if (k is < 1 or > 9 || filters is < 1 or > 512)
            {
                throw new ArgumentException($"Layer '{word}': kernel side must be 1..9 and filters 1..512.");
            }

            if (k > height || k > width)
            {
                throw new ArgumentException($"Layer '{word}': a {k}x{k} kernel does not fit its {height}x{width} input.");
            }

            return new LayerShape(LayerKind.Convolution, k, channels, filters, height, width);
        }

        if (lower.StartsWith("dense", StringComparison.Ordinal))
        {
            if (!int.TryParse(lower[5..], NumberStyles.None, CultureInfo.InvariantCulture, out int units) || units is < 1 or > 4096)
            {
                throw new ArgumentException($"Layer '{word}' is not understood: a dense layer is written denseN with N in 1..4096, for example dense128.");
            }

            return new LayerShape(LayerKind.Dense, 0, channels * height * width, units, 1, 1);
        }

        throw new ArgumentException($"Layer '{word}' is not understood: use convKxF (for example conv3x32), pool or denseN (for example dense128).");
    }
}

/// <summary>What a layer does.</summary>
internal enum LayerKind
{
    /// <summary>A valid, stride-1 convolution followed by ReLU.</summary>
    Convolution,

    /// <summary>2x2 max pooling.</summary>
    Pool,

    /// <summary>A dense layer followed by ReLU.</summary>
    Dense,
}

/// <summary>One hidden layer of a <see cref="ConvNetShape"/> and the sizes it reads and writes.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Kernel">Kernel side of a convolution (2 for pooling, 0 for dense).</param>
/// <param name="InputChannels">Input planes (a dense layer: its input length).</param>
/// <param name="OutputChannels">Filters or units.</param>
/// <param name="InputHeight">Input plane height (1 for dense).</param>
/// <param name="InputWidth">Input plane width (1 for dense).</param>
internal sealed record LayerShape(LayerKind Kind, int Kernel, int InputChannels, int OutputChannels, int InputHeight, int InputWidth)
{
    public int OutputHeight => Kind switch { LayerKind.Convolution => InputHeight - Kernel + 1, LayerKind.Pool => InputHeight / 2, _ => 1 };

    public int OutputWidth => Kind switch { LayerKind.Convolution => InputWidth - Kernel + 1, LayerKind.Pool => InputWidth / 2, _ => 1 };

    public int InputLength => InputChannels * InputHeight * InputWidth;

    public int OutputLength => OutputChannels * OutputHeight * OutputWidth;

    /// <summary>Gets the weights per output (filter or unit).</summary>
    public int Fan => Kind == LayerKind.Convolution ? InputChannels * Kernel * Kernel : InputChannels;

    public int ParameterCount => Kind == LayerKind.Pool ? 0 : (OutputChannels * Fan) + OutputChannels;

    public override string ToString() => Kind switch
    {
        LayerKind.Convolution => string.Create(CultureInfo.InvariantCulture, $"conv{Kernel}x{OutputChannels}"),
        LayerKind.Pool => "pool",
        _ => string.Create(CultureInfo.InvariantCulture, $"dense{OutputChannels}"),
    };
}

/// <summary>
/// Writes a shape as its line of layers and reads either that or the object of network files of format
/// version 1 (<c>{"filters1":32,"filters2":64,"hidden":128}</c>).
/// </summary>
internal sealed class ConvNetShapeJsonConverter : JsonConverter<ConvNetShape>
{
    public override ConvNetShape Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new ConvNetShape(reader.GetString()!);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a network shape is a line of layers, such as \"conv3x32 pool dense128\"");
        }

        int filters1 = 32, filters2 = 64, hidden = 128;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString() ?? "";
            reader.Read();
            int value = reader.GetInt32();
            switch (name.ToLowerInvariant())
            {
                case "filters1": filters1 = value; break;
                case "filters2": filters2 = value; break;
                case "hidden": hidden = value; break;
                default: break;
            }
        }

        return new ConvNetShape(filters1, filters2, hidden);
    }

    public override void Write(Utf8JsonWriter writer, ConvNetShape value, JsonSerializerOptions options) => writer.WriteStringValue(value.Layers);
}
