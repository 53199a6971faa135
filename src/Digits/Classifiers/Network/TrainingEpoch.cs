namespace Digits.Classifiers.Network;

/// <summary>What one epoch of training achieved (for progress, tables and training curves).</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Loss">Mean cross-entropy over the epoch's (distorted) training images.</param>
/// <param name="TrainingAccuracy">Share of the epoch's training images the network got right while training.</param>
/// <param name="Seconds">Time the epoch took.</param>
public sealed record TrainingEpoch(int Epoch, double Loss, double TrainingAccuracy, double Seconds);
