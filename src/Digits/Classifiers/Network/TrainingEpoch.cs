namespace Digits.Classifiers.Network;

/// <summary>What one epoch of training achieved (for progress, tables and training curves).</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Loss">Mean cross-entropy over the epoch's (distorted) training images.</param>
/// <param name="TrainingAccuracy">Share of the epoch's training images the network got right while training.</param>
/// <param name="Seconds">Time the epoch took.</param>
/// <param name="ValidationAccuracy">Accuracy of the averaged weights on the held-out images after the epoch, when some were held out.</param>
public sealed record TrainingEpoch(int Epoch, double Loss, double TrainingAccuracy, double Seconds, double? ValidationAccuracy = null);
