namespace Digits.Lines;

/// <summary>Draws of the random sources that make and distort training lines.</summary>
internal static class RandomExtensions
{
    /// <summary>A standard normal value (Box-Muller).</summary>
    public static double NextGaussian(this Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
