namespace Digits.Classifiers.Network;

/// <summary>
/// How <see cref="ConvNet.Train"/> trains: mini-batch Adam on randomly distorted training digits. The defaults are
/// the recipe of the shipped network (<see cref="ConvNetShape.Deep"/>, batch normalisation, dropout 0.4, weight
/// averaging 0.999, 24 epochs with the step times 0.88 per epoch, a fifth of the digits coarsened and three tenths
/// of the 0s, 1s, 4s and 7s restyled: <see cref="AugmentationOptions"/>), chosen on the held-out split.
/// </summary>
public sealed record ConvNetTrainingOptions
{
    /// <summary>Gets the architecture.</summary>
    public ConvNetShape Shape { get; init; } = ConvNetShape.Deep;

    /// <summary>Gets the passes over the training set.</summary>
    public int Epochs { get; init; } = 24;

    /// <summary>Gets the images per gradient step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Gets Adam's step size in the first epoch.</summary>
    public double LearningRate { get; init; } = 0.001;

    /// <summary>Gets the factor the step size is multiplied by after each epoch.</summary>
    public double LearningRateDecay { get; init; } = 0.88;

    /// <summary>Gets the distortions applied to training images.</summary>
    public AugmentationOptions Augmentation { get; init; } = new();

    /// <summary>
    /// Gets whether every convolution and hidden dense layer is batch-normalised in training (over groups of 32
    /// images). The network returned has the normalisation folded into its weights, so it reads as fast as one
    /// trained without.
    /// </summary>
    public bool BatchNormalization { get; init; } = true;

    /// <summary>Gets the share of hidden units dropped at random from each training image's pass (0 for none).</summary>
    public double Dropout { get; init; } = 0.4;

    /// <summary>
    /// Gets the decay of the running average of the weights kept after every step (the network returned is that
    /// average, which is smoother than the last step's weights); 0 returns the last step's weights. Early steps
    /// use a smaller decay, (1 + t) / (10 + t) at step t, so a short run is not dragged back to its start.
    /// </summary>
    public double WeightAveraging { get; init; } = 0.999;

    /// <summary>Gets the seed of the initial weights, the order of images and the distortions.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Checks every value and names the one that is wrong.</summary>
    public void Validate()
    {
        Shape.Validate();
        if (Epochs is < 1 or > 1000)
        {
            throw new ArgumentException($"Epochs must be 1..1000, got {Epochs}.");
        }

        if (BatchSize is < 1 or > 65536)
        {
            throw new ArgumentException($"Batch size must be 1..65536, got {BatchSize}.");
        }

        if (!(LearningRate > 0 && LearningRate < 1) || !(LearningRateDecay > 0 && LearningRateDecay <= 1))
        {
            throw new ArgumentException($"Learning rate must be in (0, 1) and its decay in (0, 1], got {LearningRate} and {LearningRateDecay}.");
        }

        if (!(Dropout >= 0 && Dropout < 1) || !(WeightAveraging >= 0 && WeightAveraging < 1))
        {
            throw new ArgumentException($"Dropout and weight averaging must be in [0, 1), got {Dropout} and {WeightAveraging}.");
        }

        if (!(Augmentation.Coarse >= 0 && Augmentation.Coarse <= 1) || !(Augmentation.Styles >= 0 && Augmentation.Styles <= 1) || !(Augmentation.FilledLoops >= 0 && Augmentation.FilledLoops <= 1) || !(Augmentation.Elastic >= 0))
        {
            throw new ArgumentException($"The coarse, style and filled-loop shares must be in [0, 1] and the elastic strength 0 or more, got {Augmentation.Coarse}, {Augmentation.Styles}, {Augmentation.FilledLoops} and {Augmentation.Elastic}.");
        }
    }
}
