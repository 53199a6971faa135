namespace Digits.Evaluation;

/// <summary>The outcome of scoring a classifier on a labelled set.</summary>
/// <param name="Model">Description of the model.</param>
/// <param name="Predictions">One predicted digit per image, in the set's order.</param>
/// <param name="Confusion">The confusion matrix.</param>
/// <param name="Seconds">Wall-clock time of the predictions.</param>
public sealed record EvaluationReport(string Model, byte[] Predictions, ConfusionMatrix Confusion, double Seconds)
{
    /// <summary>Gets the fraction predicted correctly.</summary>
    public double Accuracy => Confusion.Accuracy;

    /// <summary>Gets the number of wrong predictions.</summary>
    public int Errors => Confusion.Total - Confusion.Correct;

    /// <summary>Gets how well the model's confidence matches its accuracy, when it was measured.</summary>
    public Calibration? Calibration { get; init; }
}
