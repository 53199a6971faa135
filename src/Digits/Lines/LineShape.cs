using System.Globalization;
using Digits.Classifiers.Network;

namespace Digits.Lines;

/// <summary>
/// A line reader's architecture: convolutions and 2x2 poolings (<c>conv3x32</c>, <c>pool</c>, as in
/// <see cref="ConvNetShape"/>) over a line image <see cref="Height"/> pixels high and of any width, then, for each
/// column of the last feature planes, a linear layer to the <see cref="LineAlphabet"/> classes with softmax. Its
/// parameters do not depend on the width: the same network reads a short amount and a long phone number.
/// </summary>
public sealed record LineShape
{
    /// <summary>The height of a line image.</summary>
    public const int Height = 32;

    /// <summary>The layers of the shipped line reader.</summary>
    public const string Default = "conv3x16 conv3x16 pool conv3x32 conv3x32 pool conv3x64 conv3x64 conv1x128";

    /// <summary>Initializes a shape from its line of layers.</summary>
    /// <exception cref="ArgumentException">A layer is not a convolution or a pooling, or the layers do not fit <see cref="Height"/>.</exception>
    public LineShape(string layers = Default)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Words = layers.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (Words.Length == 0)
        {
            throw new ArgumentException("a line reader needs at least one layer (for example 'conv3x16 pool conv3x32')");
        }

        IReadOnlyList<LayerShape> probe = LayersFor(MinimumWidth(Words));
        Layers = string.Join(' ', probe.Select(l => l.ToString()));
        Features = probe[^1].OutputChannels * probe[^1].OutputHeight;
        ParameterCount = probe.Sum(l => l.ParameterCount) + (LineAlphabet.Classes * (Features + 1));
    }

    /// <summary>Gets the layers in their canonical spelling.</summary>
    public string Layers { get; }

    /// <summary>Gets the number of parameters (any width).</summary>
    public int ParameterCount { get; }

    /// <summary>Gets the length of one column's features, read by the output layer.</summary>
    internal int Features { get; }

    private string[] Words { get; }

    /// <summary>The smallest image width the layers can read.</summary>
    public int MinimumWidth() => MinimumWidth(Words);

    /// <summary>How many columns (CTC time steps) the output has for an image <paramref name="width"/> wide.</summary>
    public int Steps(int width) => LayersFor(width)[^1].OutputWidth;

    /// <summary>Where an output column's centre lies in the input image, in pixels from its left.</summary>
    public double CentreOf(int step)
    {
        // Backwards through the layers: a valid convolution's output j covers inputs j..j+k-1, a pooling's 2j and 2j+1.
        double centre = step;
        for (int i = Words.Length - 1; i >= 0; i--)
        {
            centre = Words[i] == "pool" ? (centre * 2) + 0.5 : centre + ((KernelOf(Words[i]) - 1) / 2.0);
        }

        return centre;
    }

    /// <summary>The layers' sizes for an image <paramref name="width"/> wide.</summary>
    internal IReadOnlyList<LayerShape> LayersFor(int width)
    {
        var layers = new List<LayerShape>();
        int channels = 1, height = Height;
        foreach (string word in Words)
        {
            LayerShape layer = Parse(word, channels, height, width);
            layers.Add(layer);
            (channels, height, width) = (layer.OutputChannels, layer.OutputHeight, layer.OutputWidth);
        }

        return layers;
    }

    /// <inheritdoc/>
    public override string ToString() => Layers + " columns" + LineAlphabet.Classes.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Equals(LineShape? other) => other is not null && other.Layers == Layers;

    /// <inheritdoc/>
    public override int GetHashCode() => Layers.GetHashCode(StringComparison.Ordinal);

    private static int MinimumWidth(string[] words)
    {
        // Backwards from one output column.
        int width = 1;
        for (int i = words.Length - 1; i >= 0; i--)
        {
            width = words[i] == "pool" ? width * 2 : width + KernelOf(words[i]) - 1;
        }

        return width;
    }

    private static int KernelOf(string word)
    {
        string[] parts = word.Length > 4 && word.StartsWith("conv", StringComparison.Ordinal) ? word[4..].Split('x') : [];
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k is >= 1 and <= 9 ? k
            : throw new ArgumentException($"Layer '{word}' is not understood: a line reader has convolutions (convKxF, for example conv3x32) and pool.");
    }

    private static LayerShape Parse(string word, int channels, int height, int width)
    {
        if (word == "pool")
        {
            return height >= 2 && width >= 2 ? new LayerShape(LayerKind.Pool, 2, channels, channels, height, width)
                : throw new ArgumentException($"Layer 'pool' needs an input of at least 2x2, got {height}x{width}.");
        }

        int k = KernelOf(word);
        if (!int.TryParse(word[(word.IndexOf('x', StringComparison.Ordinal) + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int filters) || filters is < 1 or > 512)
        {
            throw new ArgumentException($"Layer '{word}': filters must be 1..512.");
        }

        return k <= height && k <= width ? new LayerShape(LayerKind.Convolution, k, channels, filters, height, width)
            : throw new ArgumentException($"Layer '{word}': a {k}x{k} kernel does not fit its {height}x{width} input.");
    }
}
