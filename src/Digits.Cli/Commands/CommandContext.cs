using Digits.Cli.Terminal;
using Digits.Files;

namespace Digits.Cli.Commands;

/// <summary>
/// What every command shares: cancellation on Ctrl+C, and the translation of user mistakes into one
/// line on standard error and a non-zero exit code (1 for bad data or files, 2 for bad usage, 3 when a native
/// library the command needs is missing), never a stack trace.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "One context lives as long as the process.")]
internal sealed class CommandContext
{
    private readonly CancellationTokenSource _cancel = new();

    public CommandContext()
    {
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            _cancel.Cancel();
        };
    }

    public CancellationToken Cancellation => _cancel.Token;

    public int Run(bool json, Func<Ui, int> action)
    {
        var ui = new Ui(quiet: json);
        try
        {
            return action(ui);
        }
        catch (UsageException ex)
        {
            return Fail(ex.Message, 2);
        }
        catch (DataFileException ex)
        {
            return Fail(ex.Message, 1);
        }
        catch (Digits.Photos.NativeLibraryException ex)
        {
            return Fail(ex.Message, 3);
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message, 2);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled", 130);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(ex.Message, 1);
        }
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"digits: error: {message}");
        return code;
    }
}
