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
/// </remarks>
public static class PretrainedNetwork
{
    private static readonly string[] ResourceNames = ["Digits.Models.Pretrained.digits-cnn.nn", "Digits.Models.Pretrained.digits-cnn-filled-loops.nn"];
    private static readonly Lazy<(ConvNet[] Members, ConvNetHeader[] Headers, NetworkAverage Average)> Loaded = new(Read);

    /// <summary>Gets the shipped networks read as one (the average of <see cref="Members"/>).</summary>
    public static IDigitClassifier Network => Loaded.Value.Average;

    /// <summary>Gets the shipped networks, each on its own.</summary>
    public static IReadOnlyList<ConvNet> Members => Loaded.Value.Members;

    /// <summary>Gets what each member's file says about it (epochs, seed, recipe, test accuracy), in the order of <see cref="Members"/>.</summary>
    public static IReadOnlyList<ConvNetHeader> Headers => Loaded.Value.Headers;

    private static (ConvNet[], ConvNetHeader[], NetworkAverage) Read()
    {
        var members = new ConvNet[ResourceNames.Length];
        var headers = new ConvNetHeader[ResourceNames.Length];
        for (int i = 0; i < ResourceNames.Length; i++)
        {
            using Stream stream = typeof(PretrainedNetwork).Assembly.GetManifestResourceStream(ResourceNames[i])
                ?? throw new InvalidOperationException($"The library was built without its network ({ResourceNames[i]}).");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            (members[i], headers[i]) = ConvNetFile.Read(memory.ToArray(), ResourceNames[i]);
        }

        return (members, headers, new NetworkAverage(members));
    }
}
