using Digits.Classifiers.Network;

namespace Digits.Files;

/// <summary>What a network file says about itself.</summary>
public sealed record ConvNetHeader
{
    /// <summary>Gets the architecture.</summary>
    public ConvNetShape Shape { get; init; } = new();

    /// <summary>Gets the epochs trained.</summary>
    public int Epochs { get; init; }

    /// <summary>Gets the training seed.</summary>
    public int Seed { get; init; }

    /// <summary>Gets the accuracy on the MNIST test set measured after training (0 when not measured).</summary>
    public double TestAccuracy { get; init; }

    /// <summary>Gets when the network was trained (ISO 8601, UTC).</summary>
    public string Created { get; init; } = "";

    /// <summary>Gets the command that trained the network, with every training option spelt out (empty in older files).</summary>
    public string Recipe { get; init; } = "";

    /// <summary>Gets free text about the training data.</summary>
    public string Source { get; init; } = "";
}
