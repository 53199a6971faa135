namespace Digits.Fuzz;

/// <summary>An input did something a reader must never do without throwing (allocated too much).</summary>
public sealed class FuzzFailureException(string message) : Exception(message);
