using Digits.Classifiers.Network;
using Digits.Files;

namespace Digits.Models;

/// <summary>
/// The network shipped inside the library (<c>Models/Pretrained/digits-cnn.nn</c>, an embedded resource),
/// trained by <c>digits train --cnn</c> on the 60,000 MNIST training images; no data set is shipped, only
/// the trained parameters. Loaded once, on first use.
/// </summary>
public static class PretrainedNetwork
{
    private const string ResourceName = "Digits.Models.Pretrained.digits-cnn.nn";
    private static readonly Lazy<(ConvNet Network, ConvNetHeader Header)> Loaded = new(Read);

    /// <summary>Gets the shipped network.</summary>
    public static ConvNet Network => Loaded.Value.Network;

    /// <summary>Gets what the shipped network's file says about it (epochs, seed, test accuracy).</summary>
    public static ConvNetHeader Header => Loaded.Value.Header;

    private static (ConvNet, ConvNetHeader) Read()
    {
        using Stream stream = typeof(PretrainedNetwork).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The library was built without its network ({ResourceName}).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return ConvNetFile.Read(memory.ToArray(), ResourceName);
    }
}
