using Digits.Classifiers;
using Digits.Classifiers.Network;
using Digits.Files;

namespace Digits.Models;

/// <summary>
/// The networks shipped inside the library (embedded resources under <c>Models/Pretrained/</c>), each trained by
/// <c>digits train --cnn</c> on the 60,000 MNIST training images, and read as one: the equal average of their
/// probabilities (<see cref="NetworkAverage"/>). No data set is shipped, only the trained parameters. Loaded
/// once, on first use.
/// </summary>
/// <remarks>
/// The members, and the commands that give them:
/// <list type="number">
/// <item><c>digits-cnn.nn</c>: <c>digits train --cnn --out digits-cnn.nn</c> (24 epochs, seed 1, coarse 0.2, styles 0.3);</item>
/// <item><c>digits-cnn-filled-loops.nn</c>: <c>digits train --cnn --filled-loops 0.3 --seed 2 --out digits-cnn-filled-loops.nn</c>,
/// which also sees 6s, 8s and 9s with their small loops filled in, as heavy pens and coarse scans fill them.</item>
/// </list>
/// A third, smaller network, <see cref="Device"/> (<c>digits-cnn-device.nn</c>), is not in the average: the phone app
/// runs it on the device, where the download is small and the CPU slow.
/// </remarks>
public static class PretrainedNetwork
{
    private static readonly string[] ResourceNames = ["Digits.Models.Pretrained.digits-cnn.nn", "Digits.Models.Pretrained.digits-cnn-filled-loops.nn"];
    private const string DeviceResource = "Digits.Models.Pretrained.digits-cnn-device.nn";
    private static readonly Lazy<(ConvNet[] Members, ConvNetHeader[] Headers, NetworkAverage Average)> Loaded = new(Read);
    private static readonly Lazy<(ConvNet Network, ConvNetHeader Header)> DeviceLoaded = new(() => ReadResource(DeviceResource));

    /// <summary>Gets the shipped networks read as one (the average of <see cref="Members"/>).</summary>
    public static IDigitClassifier Network => Loaded.Value.Average;

    /// <summary>Gets the shipped networks, each on its own.</summary>
    public static IReadOnlyList<ConvNet> Members => Loaded.Value.Members;

    /// <summary>Gets what each member's file says about it (epochs, seed, recipe, test accuracy), in the order of <see cref="Members"/>.</summary>
    public static IReadOnlyList<ConvNetHeader> Headers => Loaded.Value.Headers;

    /// <summary>
    /// Gets the small network the phone app runs on the device (<c>digits-cnn-device.nn</c>: <c>digits train --cnn
    /// --layers "conv3x16 conv3x16 pool conv3x32 conv3x32 pool dense128" --epochs 16 --rate-decay 0.84
    /// --filled-loops 0.3 --seed 3</c>, with the other settings as <see cref="DeviceHeader"/>'s recipe records them),
    /// a quarter of the size of each member.
    /// </summary>
    public static ConvNet Device => DeviceLoaded.Value.Network;

    /// <summary>Gets what the device network's file says about it.</summary>
    public static ConvNetHeader DeviceHeader => DeviceLoaded.Value.Header;

    private static (ConvNet[], ConvNetHeader[], NetworkAverage) Read()
    {
        var members = new ConvNet[ResourceNames.Length];
        var headers = new ConvNetHeader[ResourceNames.Length];
        for (int i = 0; i < ResourceNames.Length; i++)
        {
            (members[i], headers[i]) = ReadResource(ResourceNames[i]);
        }

        return (members, headers, new NetworkAverage(members));
    }

    private static (ConvNet, ConvNetHeader) ReadResource(string name)
    {
        using Stream stream = typeof(PretrainedNetwork).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The library was built without its network ({name}).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return ConvNetFile.Read(memory.ToArray(), name);
    }
}
