namespace Digits.Profiles;

/// <summary>One of a user's own examples: a digit they wrote, normalised to 28x28 as the models read it, and its true digit.</summary>
/// <param name="Id">Its number in the store (unique across profiles, never reused).</param>
/// <param name="Profile">The profile it belongs to.</param>
/// <param name="Label">The digit it is, 0-9.</param>
/// <param name="Image">784 grey values, row-major, light ink on black (as the models' inputs).</param>
/// <param name="Source">Where it came from.</param>
/// <param name="Created">When it was taught (UTC).</param>
public sealed record PersonalExample(long Id, string Profile, int Label, byte[] Image, ExampleSource Source, DateTimeOffset Created);
