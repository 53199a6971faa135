namespace Digits.Evaluation;

/// <summary>How well one digit is recognised.</summary>
/// <param name="Digit">The digit.</param>
/// <param name="Precision">Of the images predicted as this digit, the fraction that are.</param>
/// <param name="Recall">Of the images of this digit, the fraction predicted as it.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Support">Number of images of this digit.</param>
public sealed record ClassMetrics(int Digit, double Precision, double Recall, double F1, int Support);
