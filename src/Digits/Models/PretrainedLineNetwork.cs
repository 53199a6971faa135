using Digits.Files;
using Digits.Lines;

namespace Digits.Models;

/// <summary>
/// The line reader shipped inside the library (<c>Models/Pretrained/digits-lines.ln</c>), which reads a whole line
/// of digits and the marks among them at once; its file's header records the command that trained it. Loaded
/// once, on first use.
/// </summary>
public static class PretrainedLineNetwork
{
    private const string Resource = "Digits.Models.Pretrained.digits-lines.ln";
    private static readonly Lazy<(LineNetwork Network, LineNetworkHeader Header)> Loaded = new(Read);

    /// <summary>Gets the shipped line reader.</summary>
    public static LineNetwork Network => Loaded.Value.Network;

    /// <summary>Gets what its file says about it (recipe, batches, data).</summary>
    public static LineNetworkHeader Header => Loaded.Value.Header;

    private static (LineNetwork, LineNetworkHeader) Read()
    {
        using Stream stream = typeof(PretrainedLineNetwork).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The shipped line reader ({Resource}) is missing from the assembly.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return LineNetworkFile.Read(memory.ToArray(), Resource);
    }
}
