namespace Digits.Profiles;

/// <summary>A profile as listed: its name, how many examples it holds of each digit, and when it last changed.</summary>
/// <param name="Name">The profile's name.</param>
/// <param name="Count">Its number of examples.</param>
/// <param name="PerDigit">Its examples of each digit, 0 to 9.</param>
/// <param name="LastTaught">When its newest example was taught (UTC).</param>
public sealed record ProfileSummary(string Name, int Count, int[] PerDigit, DateTimeOffset LastTaught);
