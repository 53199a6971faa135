using System.CommandLine;
using Digits.Models;
using Digits.Photos;
using Digits.Profiles;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary>
/// <c>digits teach FILE DIGIT</c>: stores one digit of the user's handwriting, with its true digit, in their
/// profile; from then on <c>digits predict --profile</c> (and the web app) count it among the neighbours.
/// </summary>
internal static class TeachCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string>("file") { Description = "A photo or scan of one digit, or a 28x28 image (taken as it is)." };
        var digit = new Argument<int>("digit") { Description = "The digit it is, 0-9." };
        var profile = new ProfileOptions();
        var command = new Command("teach", "Teach your handwriting: store one digit and what it is in your profile (no retraining; it counts at once).");
        command.Arguments.Add(file);
        command.Arguments.Add(digit);
        profile.AddTo(command);
        command.SetAction(parse => context.Run(false, ui =>
        {
            int label = parse.GetValue(digit);
            if (label is < 0 or > 9)
            {
                throw new UsageException($"DIGIT must be 0-9, got {label}");
            }

            string name = profile.ProfileOf(parse);
            string path = parse.GetValue(file)!;
            OpenCvNative.EnsureLoaded();
            byte[] bytes = File.ReadAllBytes(path);

            // Finding the digit needs no neighbours: the network alone steers the pipeline (a split, the page's turn).
            byte[] input;
            try
            {
                input = new DigitReader(PretrainedNetwork.Network).ReadExample(bytes);
            }
            catch (PhotoException ex)
            {
                throw new Files.DataFileException(path, ex.Message, ex);
            }

            using ExampleStore store = profile.Open(parse);
            PersonalExample example = store.Add(name, input, label, ExampleSource.Photo);
            var summary = store.Profiles().First(p => p.Name == name);
            ui.Out.MarkupLine($"taught [bold]{label}[/] to profile [bold]{Markup.Escape(name)}[/] (example {example.Id}; {summary.PerDigit[label]} of {label}, {summary.Count} in all) in {Markup.Escape(store.Path)}");
            return 0;
        }));
        return command;
    }
}
