namespace Digits.Classifiers.Network;

/// <summary>
/// How far <see cref="Augmenter"/> may distort a training digit (each amount is drawn uniformly in ±range). The defaults
/// are the shipped network's recipe.
/// </summary>
/// <param name="RotationDegrees">Rotation range in degrees.</param>
/// <param name="Scale">Relative scale range (0.1 = ±10%); the aspect ratio varies by half of it.</param>
/// <param name="Shear">Horizontal shear range (x shifts by shear × y).</param>
/// <param name="Shift">Shift range in pixels.</param>
/// <param name="Thickness">Stroke thickness range: the share of a 3x3 dilation (positive) or erosion (negative) blended in.</param>
/// <param name="Elastic">Largest strength of the elastic distortion (Simard et al. 2003): a random displacement
/// field smoothed by a Gaussian of <paramref name="ElasticSigma"/> pixels and scaled by a strength drawn in 0..this; 0 for none.</param>
/// <param name="ElasticSigma">Smoothness of the elastic displacement field, in pixels.</param>
/// <param name="Coarse">Share of training digits (0..1) seen as a coarse scan sees them: the digit averaged over a grid
/// of 6 to 10 cells along its longer side, enlarged again and thresholded, so its strokes become the smooth blobs
/// of a low-resolution scan, a thumbnail or a fax; 0 for none.</param>
/// <param name="Styles">Share of training 0s, 1s, 4s and 7s (0..1) redrawn in a style MNIST lacks (<see cref="WritingStyles"/>:
/// slashed zero, continental 1, closed 4, crossed 7) before they are distorted; 0 for none.</param>
/// <param name="FilledLoops">Share of training 6s, 8s and 9s (0..1) whose small loops are filled in before they are
/// distorted, as a heavy pen or a coarse scan fills them; 0 for none (the shipped recipe: see docs/network-experiments.md).</param>
public sealed record AugmentationOptions(double RotationDegrees = 12, double Scale = 0.12, double Shear = 0.25, double Shift = 2.5, double Thickness = 0.5, double Elastic = 0, double ElasticSigma = 6, double Coarse = 0.2, double Styles = 0.3, double FilledLoops = 0)
{
    /// <summary>Gets options that leave images unchanged.</summary>
    public static AugmentationOptions None { get; } = new(0, 0, 0, 0, 0, 0, Coarse: 0, Styles: 0);
}
