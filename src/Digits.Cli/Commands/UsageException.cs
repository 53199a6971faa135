namespace Digits.Cli.Commands;

/// <summary>The user asked for something that makes no sense (conflicting options, for example); exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
