namespace Digits.Lines;

/// <summary>How a line reader is trained (<see cref="LineNetwork.Train"/>).</summary>
public sealed record LineTrainingOptions
{
    /// <summary>Gets the architecture.</summary>
    public LineShape Shape { get; init; } = new();

    /// <summary>Gets the number of batches.</summary>
    public int Batches { get; init; } = 6000;

    /// <summary>Gets the lines per batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Gets Adam's step size at the start.</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>Gets the step size at the end, as a share of the first (it falls along a cosine).</summary>
    public double FinalRate { get; init; } = 0.05;

    /// <summary>Gets the seed of the initial weights and of the lines drawn.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Checks the values are usable.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Shape);
        if (Batches < 1 || BatchSize is < 1 or > 1024)
        {
            throw new ArgumentException("batches must be at least 1 and the batch size 1..1024");
        }

        if (LearningRate is <= 0 or > 1 || FinalRate is <= 0 or > 1)
        {
            throw new ArgumentException("the learning rate must be in (0, 1] and the final rate a share in (0, 1]");
        }
    }
}

/// <summary>Progress of a line reader's training, after a number of batches.</summary>
/// <param name="Batch">Batches done.</param>
/// <param name="Loss">The mean CTC loss per line over the batches since the last report.</param>
/// <param name="Impossible">Lines whose text could not fit their columns since the last report (left out).</param>
/// <param name="Seconds">Seconds since training started.</param>
public sealed record LineTrainingProgress(int Batch, double Loss, int Impossible, double Seconds);
