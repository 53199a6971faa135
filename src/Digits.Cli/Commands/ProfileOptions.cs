using System.CommandLine;
using Digits.Profiles;

namespace Digits.Cli.Commands;

/// <summary>The <c>--profile NAME</c> and <c>--store FILE</c> options of the teaching commands, and opening the store they name.</summary>
internal sealed class ProfileOptions
{
    public Option<string?> Profile { get; } = new("--profile") { Description = $"Whose examples to use: a profile name (letters, digits, '.', '_', '-'; default \"{ProfileName.Default}\")." };

    public Option<string?> Store { get; } = new("--store") { Description = "The SQLite file that holds the examples. Default: $XDG_DATA_HOME/digits/examples.db, else ~/.local/share/digits/examples.db." };

    public void AddTo(Command command, bool withProfile = true)
    {
        if (withProfile)
        {
            command.Options.Add(Profile);
        }

        command.Options.Add(Store);
    }

    /// <summary>The profile named, checked: <see cref="ProfileName.Default"/> when none is.</summary>
    public string ProfileOf(ParseResult parse) => Check(parse.GetValue(Profile) ?? ProfileName.Default);

    /// <summary>Whether --profile was given.</summary>
    public bool HasProfile(ParseResult parse) => parse.GetValue(Profile) is not null;

    public static string Check(string name)
        => ProfileName.IsValid(name) ? name : throw new UsageException($"profile name \"{name}\" is not valid: use 1 to {ProfileName.MaximumLength} letters, digits, '.', '_' or '-'");

    public ExampleStore Open(ParseResult parse) => ExampleStore.Open(parse.GetValue(Store) ?? StoreLocation.Default());
}
