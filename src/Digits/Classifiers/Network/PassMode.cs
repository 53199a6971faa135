namespace Digits.Classifiers.Network;

/// <summary>How a group of images goes forward: for reading, or for training (dropout drawn from each image's random source), optionally gathering batch-normalisation statistics.</summary>
/// <param name="Randoms">Each image's random source for dropout, or null for no dropout.</param>
/// <param name="Dropout">The share of hidden dense units dropped per image when <paramref name="Randoms"/> is given.</param>
/// <param name="CollectStatistics">Adds each group's per-channel mean and mean square to the batch-normalisation layers' totals.</param>
internal readonly record struct PassMode(Random[]? Randoms = null, float Dropout = 0, bool CollectStatistics = false)
{
    /// <summary>Gets the plain forward pass.</summary>
    public static PassMode Reading => default;
}
