using System.CommandLine;
using Digits.Files;
using Digits.Profiles;
using Digits.Reports;
using Spectre.Console;

namespace Digits.Cli.Commands;

/// <summary><c>digits profile list|show|export|import|delete</c>: the profiles of taught examples in the store.</summary>
internal static class ProfileCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("profile", "List, show, export, import or delete the profiles of examples taught with 'digits teach'.");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Show(context));
        command.Subcommands.Add(Export(context));
        command.Subcommands.Add(Import(context));
        command.Subcommands.Add(Delete(context));
        return command;
    }

    private static Command List(CommandContext context)
    {
        var options = new ProfileOptions();
        var command = new Command("list", "List the profiles, with their examples per digit.");
        options.AddTo(command, withProfile: false);
        command.SetAction(parse => context.Run(false, ui =>
        {
            using ExampleStore store = options.Open(parse);
            var profiles = store.Profiles();
            if (profiles.Count == 0)
            {
                ui.Out.MarkupLine($"no profiles yet in {Markup.Escape(store.Path)}; teach one with 'digits teach FILE DIGIT'");
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(store.Path));
            table.AddColumn("profile");
            table.AddColumn(new TableColumn("examples").RightAligned());
            for (int d = 0; d < 10; d++)
            {
                table.AddColumn(new TableColumn($"{d}").RightAligned());
            }

            table.AddColumn("last taught (UTC)");
            foreach (ProfileSummary p in profiles)
            {
                table.AddRow([Markup.Escape(p.Name), $"{p.Count}", .. p.PerDigit.Select(c => c == 0 ? "[grey]0[/]" : $"{c}"), p.LastTaught.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)]);
            }

            ui.Out.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Show(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The profile." };
        var mosaic = new Option<string?>("--mosaic") { Description = "Also write the examples as one PNG, a row per digit." };
        var options = new ProfileOptions();
        var command = new Command("show", "List a profile's examples (id, digit, source, when taught).");
        command.Arguments.Add(name);
        command.Options.Add(mosaic);
        options.AddTo(command, withProfile: false);
        command.SetAction(parse => context.Run(false, ui =>
        {
            string profile = ProfileOptions.Check(parse.GetValue(name)!);
            using ExampleStore store = options.Open(parse);
            var examples = store.List(profile);
            if (examples.Count == 0)
            {
                throw new UsageException($"profile {profile} has no examples in {store.Path} ('digits profile list' shows the profiles)");
            }

            var table = new Table().Border(TableBorder.Rounded).Title($"profile {Markup.Escape(profile)}: {examples.Count} examples");
            table.AddColumn(new TableColumn("id").RightAligned());
            table.AddColumn("digit");
            table.AddColumn("source");
            table.AddColumn("taught (UTC)");
            foreach (PersonalExample e in examples)
            {
                table.AddRow($"{e.Id}", $"{e.Label}", ExampleStore.SourceName(e.Source), e.Created.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            }

            ui.Out.Write(table);
            if (parse.GetValue(mosaic) is { } png)
            {
                var rows = Enumerable.Range(0, examples.Count).GroupBy(i => examples[i].Label).OrderBy(g => g.Key).Select(g => (IReadOnlyList<int>)g.ToArray()).ToArray();
                DigitMosaic.Write(ExampleStore.ToImages(examples).Images, rows, png);
                ui.Out.MarkupLine($"examples drawn in {Markup.Escape(png)}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Export(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The profile." };
        var output = new Option<string>("--out") { Description = "The file to write (a versioned, checksummed DIGITSPF file).", Required = true };
        var options = new ProfileOptions();
        var command = new Command("export", "Write a profile's examples to a file, to keep or to import elsewhere.");
        command.Arguments.Add(name);
        command.Options.Add(output);
        options.AddTo(command, withProfile: false);
        command.SetAction(parse => context.Run(false, ui =>
        {
            string profile = ProfileOptions.Check(parse.GetValue(name)!);
            using ExampleStore store = options.Open(parse);
            var examples = store.List(profile);
            if (examples.Count == 0)
            {
                throw new UsageException($"profile {profile} has no examples in {store.Path}; nothing to export");
            }

            string path = parse.GetValue(output)!;
            ProfileFile.Write(path, profile, examples);
            ui.Out.MarkupLine($"exported {examples.Count} examples of profile [bold]{Markup.Escape(profile)}[/] to {Markup.Escape(path)}");
            return 0;
        }));
        return command;
    }

    private static Command Import(CommandContext context)
    {
        var file = new Argument<string>("file") { Description = "A file written by 'digits profile export'." };
        var options = new ProfileOptions();
        options.Profile.Description = "The profile to add the examples to (default: the name they were exported under).";
        var command = new Command("import", "Add the examples of an exported profile file to a profile (all of them, or none if the file is bad).");
        command.Arguments.Add(file);
        options.AddTo(command);
        command.SetAction(parse => context.Run(false, ui =>
        {
            string path = parse.GetValue(file)!;
            var (exported, examples) = ProfileFile.Read(path);
            string profile = options.HasProfile(parse) ? options.ProfileOf(parse) : exported;
            using ExampleStore store = options.Open(parse);
            var stored = store.AddAll(profile, examples.Select(e => e with { Source = ExampleSource.Import }).ToArray());
            ui.Out.MarkupLine($"imported {stored.Count} examples into profile [bold]{Markup.Escape(profile)}[/] ({store.Count(profile)} in all) in {Markup.Escape(store.Path)}");
            return 0;
        }));
        return command;
    }

    private static Command Delete(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The profile." };
        var example = new Option<long?>("--example") { Description = "Delete only this example (its id, from 'digits profile show')." };
        var options = new ProfileOptions();
        var command = new Command("delete", "Delete a profile and all its examples, or one example of it.");
        command.Arguments.Add(name);
        command.Options.Add(example);
        options.AddTo(command, withProfile: false);
        command.SetAction(parse => context.Run(false, ui =>
        {
            string profile = ProfileOptions.Check(parse.GetValue(name)!);
            using ExampleStore store = options.Open(parse);
            if (parse.GetValue(example) is long id)
            {
                if (!store.Delete(profile, id))
                {
                    throw new UsageException($"profile {profile} has no example {id} ('digits profile show {profile}' lists them)");
                }

                ui.Out.MarkupLine($"deleted example {id} of profile [bold]{Markup.Escape(profile)}[/]");
                return 0;
            }

            int deleted = store.DeleteProfile(profile);
            if (deleted == 0)
            {
                throw new UsageException($"profile {profile} has no examples in {store.Path}");
            }

            ui.Out.MarkupLine($"deleted profile [bold]{Markup.Escape(profile)}[/] ({deleted} examples)");
            return 0;
        }));
        return command;
    }
}
